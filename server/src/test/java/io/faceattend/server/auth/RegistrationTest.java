package io.faceattend.server.auth;

import static io.faceattend.db.jooq.Tables.AUDIT_LOG;
import static io.faceattend.db.jooq.Tables.EMAIL_VERIFICATIONS;
import static io.faceattend.db.jooq.Tables.REGISTRATION_INVITES;
import static io.faceattend.db.jooq.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.faceattend.db.types.UserStatus;
import io.faceattend.proto.v1.Role;
import io.faceattend.server.MutableClock;
import io.faceattend.server.TestDatabase;
import io.faceattend.server.audit.AuditLog;
import io.faceattend.server.audit.Store;
import io.faceattend.server.config.AccountsConfig;
import io.faceattend.server.config.EventsConfig;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import io.faceattend.server.notifications.EmailSender;
import io.faceattend.server.notifications.SmtpEmailSender;
import io.faceattend.server.users.UserAccounts;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Self-registration by invite, and e-mail verification through a real SMTP server (GreenMail). */
class RegistrationTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-04T12:00:00Z"));
  private final PasswordHasher hasher = new PasswordHasher();
  private final AuditLog audit = new AuditLog();
  private DSLContext db;
  private GreenMail smtp;
  private Caller admin;

  @BeforeEach
  void start() {
    db = TestDatabase.reset();
    db.execute("truncate table registration_invites, email_verifications");
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    long adminId =
        new UserAccounts(new Store(db, audit, Clock.systemUTC()), hasher)
            .create(
                new UserAccounts.NewUser(
                    "root", "root-password", "Root", "root@example.com", Role.ROLE_ADMIN),
                AuditLog.Actor.cli())
            .getId();
    admin = new Caller(adminId, Role.ROLE_ADMIN, "10.0.0.1");
  }

  @AfterEach
  void stop() {
    smtp.stop();
  }

  private Registration registration(String mode) {
    EmailSender mail =
        new SmtpEmailSender(
            new EventsConfig.Smtp(
                "127.0.0.1",
                smtp.getSmtp().getPort(),
                "",
                "",
                "FaceAttend <accounts@faceattend.test>",
                false),
            Duration.ofSeconds(5));
    AccountsConfig config =
        AccountsConfig.from(
            Map.of(
                "FACEATTEND_REGISTRATION",
                mode,
                "FACEATTEND_PUBLIC_URL",
                "https://attend.example.com/"));
    Store store = new Store(db, audit, clock);
    return new Registration(store, new UserAccounts(store, hasher), config, Optional.of(mail));
  }

  private static Registration.Form form(String username, String email, String invite) {
    return new Registration.Form(
        username, "long-password", "Name " + username, email, null, invite);
  }

  @Test
  void anInviteIsSingleUseForItsAddressAndExpires() {
    Registration registration = registration("invite");
    Registration.Invite invite = registration.createInvite(admin, "ana@example.com", 2);
    assertThat(invite.code()).startsWith("inv_");
    // only its digest is stored
    assertThat(db.fetchOne(REGISTRATION_INVITES).getCodeHash())
        .isEqualTo(TokenService.digest(invite.code()));

    for (var refused :
        new Registration.Form[] {
          form("ana", "ana@example.com", null),
          form("ana", "ana@example.com", "inv_unknown"),
          form("ana", "other@example.com", invite.code())
        }) {
      assertThatThrownBy(() -> registration.register(refused, Caller.Origin.UNKNOWN))
          .isInstanceOfSatisfying(
              ApiException.class,
              e ->
                  assertThat(e.errorCode())
                      .isIn(ErrorCode.INVALID_INVITE, ErrorCode.INVALID_ARGUMENT));
    }
    assertThat(db.fetchCount(USERS)).isEqualTo(1);

    Registration.Registered ana =
        registration.register(form("ana", "ana@example.com", invite.code()), Caller.Origin.UNKNOWN);
    assertThat(ana.user().getStatus()).isEqualTo(UserStatus.FIRST_LOGIN);
    assertThat(db.fetchOne(REGISTRATION_INVITES).getUsedBy()).isEqualTo(ana.user().getId());
    assertThatThrownBy(
            () ->
                registration.register(
                    form("ana2", "ana@example.com", invite.code()), Caller.Origin.UNKNOWN))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_INVITE));

    Registration.Invite later = registration.createInvite(admin, null, 1);
    clock.advance(Duration.ofDays(1).plusSeconds(1));
    assertThatThrownBy(
            () ->
                registration.register(
                    form("bob", "bob@example.com", later.code()), Caller.Origin.UNKNOWN))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_INVITE));
    assertThat(db.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("invite.create"))).isEqualTo(2);
    assertThat(db.fetchCount(AUDIT_LOG, AUDIT_LOG.ACTION.eq("user.register"))).isEqualTo(1);
  }

  @Test
  void theVerificationMessageConfirmsTheAddressOnce() throws Exception {
    Registration registration = registration("open");
    Registration.Registered eve =
        registration.register(form("eve", "eve@example.com", null), Caller.Origin.UNKNOWN);
    assertThat(eve.verificationSent()).isTrue();
    assertThat(smtp.waitForIncomingEmail(5_000, 1)).isTrue();
    MimeMessage message = smtp.getReceivedMessages()[0];
    assertThat(message.getAllRecipients()[0].toString()).isEqualTo("eve@example.com");
    String body = GreenMailUtil.getBody(message);
    assertThat(body).contains("https://attend.example.com/verify-email?token=");
    Matcher token = Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(body);
    assertThat(token.find()).isTrue();
    // the message carries the token, the database only its digest
    assertThat(db.fetchOne(EMAIL_VERIFICATIONS).getTokenHash())
        .isEqualTo(TokenService.digest(token.group(1)));

    assertThat(db.fetchOne(USERS, USERS.ID.eq(eve.user().getId())).getEmailVerifiedAt()).isNull();
    registration.verifyEmail(token.group(1));
    assertThat(db.fetchOne(USERS, USERS.ID.eq(eve.user().getId())).getEmailVerifiedAt())
        .isNotNull();
    assertThatThrownBy(() -> registration.verifyEmail(token.group(1)))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_TOKEN));
  }

  @Test
  void disabledRegistrationChangesNothing() {
    Registration registration = registration("disabled");
    assertThatThrownBy(
            () ->
                registration.register(form("zed", "zed@example.com", null), Caller.Origin.UNKNOWN))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.REGISTRATION_DISABLED));
    assertThat(db.fetchCount(USERS)).isEqualTo(1);
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }
}
