package io.faceattend.server.auth;

import static io.faceattend.db.jooq.Tables.EMAIL_VERIFICATIONS;
import static io.faceattend.db.jooq.Tables.REGISTRATION_INVITES;
import static io.faceattend.db.jooq.Tables.USERS;

import io.faceattend.db.jooq.tables.records.RegistrationInvitesRecord;
import io.faceattend.db.jooq.tables.records.UsersRecord;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.audit.Store;
import io.faceattend.server.config.AccountsConfig;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.notifications.EmailSender;
import io.faceattend.server.users.UserAccounts;
import io.faceattend.server.users.UserFields;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-registration (seeds 002-004): with {@code FACEATTEND_REGISTRATION=open} anyone may create an
 * employee account, with {@code invite} only the holder of an admin's single-use invite code; the
 * default, {@code disabled}, refuses with 403 {@code registration_disabled}. The account starts in
 * {@code first_login}, then follows seed 000's flow: sign in, enrol, wait for approval. With SMTP
 * configured a verification message is sent; the account may sign in before it is confirmed (the
 * admin's approval is the gate), and the confirmation is recorded in {@code email_verified_at}.
 */
public record Registration(
    Store store, UserAccounts users, AccountsConfig config, Optional<EmailSender> mail) {

  private static final Logger log = LoggerFactory.getLogger(Registration.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Duration VERIFICATION_TTL = Duration.ofDays(2);

  /** What a person registering sends. */
  public record Form(
      String username,
      String password,
      String name,
      String email,
      String employeeId,
      String inviteCode) {}

  /** The new account, and whether a verification message went out. */
  public record Registered(UsersRecord user, boolean verificationSent) {}

  public Registered register(Form form, Caller.Origin origin) {
    if (config.registration() == AccountsConfig.Registration.DISABLED) {
      throw new ApiException(
          ErrorCode.REGISTRATION_DISABLED, "Self-registration is disabled; ask an administrator");
    }
    UserFields.Required required =
        UserFields.Required.of(form.username(), form.email(), form.name(), form.password());
    String employeeId = UserFields.employeeId(form.employeeId());
    boolean byInvite = config.registration() == AccountsConfig.Registration.INVITE;
    if (byInvite && UserFields.blank(form.inviteCode())) {
      throw new ApiException(ErrorCode.INVALID_INVITE, "Registration needs an invite code");
    }
    UserAccounts.Account account =
        new UserAccounts.Account(
            required.username(),
            required.email(),
            required.name(),
            "employee",
            users.passwordHash(form.password()),
            employeeId,
            null,
            null);
    OffsetDateTime now = store.now();
    String verificationToken = mail.isPresent() ? newToken() : null;
    UsersRecord user =
        UserAccounts.refusingDuplicates(
            () ->
                store.transactionResult(
                    tx -> {
                      RegistrationInvitesRecord invite =
                          byInvite ? claimInvite(tx, form.inviteCode(), required.email()) : null;
                      long id = UserAccounts.insert(tx, List.of(account)).get(0);
                      if (invite != null) {
                        invite.setUsedAt(now);
                        invite.setUsedBy(id);
                        invite.store();
                      }
                      if (verificationToken != null) {
                        tx.insertInto(EMAIL_VERIFICATIONS)
                            .set(
                                EMAIL_VERIFICATIONS.TOKEN_HASH,
                                TokenService.digest(verificationToken))
                            .set(EMAIL_VERIFICATIONS.USER_ID, id)
                            .set(EMAIL_VERIFICATIONS.EMAIL, required.email())
                            .set(EMAIL_VERIFICATIONS.EXPIRES_AT, now.plus(VERIFICATION_TTL))
                            .execute();
                      }
                      Map<String, Object> details = new LinkedHashMap<>();
                      details.put("username", required.username());
                      details.put("mode", config.registration().name().toLowerCase(Locale.ROOT));
                      if (invite != null) {
                        details.put("invite_id", invite.getId());
                      }
                      store.audit(
                          tx,
                          AuditLog.Actor.user(id, origin.clientIp()),
                          "user.register",
                          "user",
                          id,
                          details);
                      return tx.selectFrom(USERS).where(USERS.ID.eq(id)).fetchSingle();
                    }),
            required.username(),
            required.email(),
            employeeId);
    boolean sent = verificationToken != null && sendVerification(user, verificationToken);
    return new Registered(user, sent);
  }

  /** Locks an unused, unexpired invite meant for {@code email} (or for anyone), or refuses. */
  private RegistrationInvitesRecord claimInvite(DSLContext tx, String code, String email) {
    RegistrationInvitesRecord invite =
        tx.selectFrom(REGISTRATION_INVITES)
            .where(REGISTRATION_INVITES.CODE_HASH.eq(TokenService.digest(code.trim())))
            .forUpdate()
            .fetchOne();
    if (invite == null
        || invite.getUsedAt() != null
        || !invite.getExpiresAt().isAfter(store.now())
        || (invite.getEmail() != null && !invite.getEmail().equalsIgnoreCase(email))) {
      throw new ApiException(
          ErrorCode.INVALID_INVITE,
          "The invite code is unknown, used, expired or for another e-mail");
    }
    return invite;
  }

  private boolean sendVerification(UsersRecord user, String token) {
    String how =
        config
            .publicUrl()
            .map(url -> "Open " + url + "/verify-email?token=" + token + "\n\nor send")
            .orElse("Send");
    try {
      mail.orElseThrow()
          .send(
              user.getEmail(),
              "Confirm your e-mail address",
              "Hello "
                  + user.getName()
                  + ",\n\nplease confirm this address for your FaceAttend account "
                  + user.getUsername()
                  + ".\n"
                  + how
                  + " this token to POST /api/auth/verify-email: "
                  + token
                  + "\n\nThe token is valid for 48 hours.\n");
      return true;
    } catch (Exception e) {
      // the account works without it: the address just stays unconfirmed (email_verified_at null)
      log.warn("Could not send the verification e-mail to user {}: {}", user.getId(), e.toString());
      return false;
    }
  }

  /** Confirms the address the token was sent to (if it is still the account's address). */
  public void verifyEmail(String token) {
    if (UserFields.blank(token)) {
      throw ApiException.missingField("token");
    }
    byte[] digest = TokenService.digest(token.trim());
    boolean done =
        store.transactionResult(
            tx -> {
              var row =
                  tx.selectFrom(EMAIL_VERIFICATIONS)
                      .where(EMAIL_VERIFICATIONS.TOKEN_HASH.eq(digest))
                      .forUpdate()
                      .fetchOne();
              if (row == null || !row.getExpiresAt().isAfter(store.now())) {
                return false;
              }
              int updated =
                  tx.update(USERS)
                      .set(USERS.EMAIL_VERIFIED_AT, store.now())
                      .where(USERS.ID.eq(row.getUserId()))
                      .and(DSL.lower(USERS.EMAIL).eq(row.getEmail().toLowerCase(Locale.ROOT)))
                      .and(USERS.ERASED_AT.isNull())
                      .execute();
              row.delete();
              if (updated == 1) {
                store.audit(
                    tx,
                    AuditLog.Actor.user(row.getUserId(), Caller.origin().clientIp()),
                    "user.email_verified",
                    "user",
                    row.getUserId(),
                    Map.of());
              }
              return updated == 1;
            });
    if (!done) {
      throw new ApiException(
          ErrorCode.INVALID_TOKEN, "The verification token is unknown, used or expired");
    }
  }

  /** A new invite, as created. */
  public record Invite(long id, String code, OffsetDateTime expiresAt) {}

  /** Issues a single-use invite code (audited; the code itself is not kept). */
  public Invite createInvite(Caller caller, String email, Integer validDays) {
    int days = validDays == null ? 14 : validDays;
    if (days < 1 || days > 90) {
      throw ApiException.invalid("valid_days must be between 1 and 90");
    }
    String forEmail = UserFields.blank(email) ? null : UserFields.email(email);
    String code = "inv_" + newToken();
    OffsetDateTime expires = store.now().plusDays(days);
    long id =
        store.transactionResult(
            tx -> {
              long inviteId =
                  tx.insertInto(REGISTRATION_INVITES)
                      .set(REGISTRATION_INVITES.CODE_HASH, TokenService.digest(code))
                      .set(REGISTRATION_INVITES.EMAIL, forEmail)
                      .set(
                          REGISTRATION_INVITES.CREATED_BY,
                          caller.userId() == 0 ? null : caller.userId())
                      .set(REGISTRATION_INVITES.EXPIRES_AT, expires)
                      .returningResult(REGISTRATION_INVITES.ID)
                      .fetchSingle()
                      .value1();
              Map<String, Object> details = new LinkedHashMap<>();
              details.put("email", forEmail);
              details.put("valid_days", days);
              store.audit(tx, caller.actor(), "invite.create", "invite", inviteId, details);
              return inviteId;
            });
    return new Invite(id, code, expires);
  }

  private static String newToken() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
