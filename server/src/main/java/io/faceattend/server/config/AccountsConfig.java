package io.faceattend.server.config;

import io.faceattend.server.ratelimit.RateLimitSettings;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Accounts, privacy and access control settings.
 *
 * @param registration FACEATTEND_REGISTRATION: {@code disabled} (the default: 403
 *     registration_disabled), {@code open} (anyone may register) or {@code invite} (with an admin's
 *     invite code)
 * @param consentVersion FACEATTEND_CONSENT_VERSION: version of the biometric consent text the app
 *     shows, recorded at each enrolment that does not name its own (default {@code 1})
 * @param publicUrl FACEATTEND_PUBLIC_URL: the address people reach the platform at, for links in
 *     e-mails (e.g. {@code https://attend.example.com}); empty = the message carries the token only
 * @param rateLimits FACEATTEND_RATE_LIMITS: requests per category and window (see {@link
 *     RateLimitSettings}); seed 001's table by default
 */
public record AccountsConfig(
    Registration registration,
    String consentVersion,
    Optional<String> publicUrl,
    RateLimitSettings rateLimits) {

  /** Who may create an account with POST /api/auth/register. */
  public enum Registration {
    DISABLED,
    OPEN,
    INVITE
  }

  public static AccountsConfig from(Map<String, String> env) {
    String mode = ServerConfig.blankToNull(env.get("FACEATTEND_REGISTRATION"));
    Registration registration;
    try {
      registration =
          mode == null
              ? Registration.DISABLED
              : Registration.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "FACEATTEND_REGISTRATION must be disabled, open or invite, got " + mode);
    }
    String consent = ServerConfig.blankToNull(env.get("FACEATTEND_CONSENT_VERSION"));
    if (consent != null && consent.length() > 50) {
      throw new ConfigException("FACEATTEND_CONSENT_VERSION must be at most 50 characters");
    }
    String url = ServerConfig.blankToNull(env.get("FACEATTEND_PUBLIC_URL"));
    if (url != null && !url.matches("https?://[^\\s]+")) {
      throw new ConfigException("FACEATTEND_PUBLIC_URL must be an http(s) URL, got " + url);
    }
    return new AccountsConfig(
        registration,
        consent == null ? "1" : consent,
        Optional.ofNullable(url == null ? null : url.replaceAll("/+$", "")),
        RateLimitSettings.from(env));
  }
}
