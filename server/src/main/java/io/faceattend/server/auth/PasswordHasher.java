package io.faceattend.server.auth;

import com.password4j.Argon2Function;
import com.password4j.types.Argon2;

/**
 * Argon2id password hashing (OWASP's minimum: 19 MiB, 2 iterations, 1 lane). Hashes are PHC strings
 * that carry their own parameters, so raising the cost later still verifies old hashes.
 */
public final class PasswordHasher {

  private static final Argon2Function ARGON2ID =
      Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID);
  // verified against when the login name is unknown, so both failures take the same time
  private static final String DECOY_HASH = ARGON2ID.hash("decoy-password-for-timing").getResult();

  public String hash(String password) {
    return ARGON2ID.hash(password).getResult();
  }

  public boolean verify(String password, String storedHash) {
    try {
      return Argon2Function.getInstanceFromHash(storedHash).check(password, storedHash);
    } catch (RuntimeException malformedHash) {
      return false;
    }
  }

  /** Spends the time of one verification; used when there is no user to verify against. */
  public void verifyDecoy(String password) {
    verify(password, DECOY_HASH);
  }
}
