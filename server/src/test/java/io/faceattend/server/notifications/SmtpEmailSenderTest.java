package io.faceattend.server.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.faceattend.server.config.EventsConfig;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** E-mail through a real SMTP server (GreenMail) with a login. */
class SmtpEmailSenderTest {

  private GreenMail smtp;

  @BeforeEach
  void start() {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.setUser("mailer", "mailer-pass");
    smtp.start();
  }

  @AfterEach
  void stop() {
    smtp.stop();
  }

  private SmtpEmailSender sender(String password) {
    return sender(password, false);
  }

  private SmtpEmailSender sender(String password, boolean startTls) {
    return new SmtpEmailSender(
        new EventsConfig.Smtp(
            "127.0.0.1",
            smtp.getSmtp().getPort(),
            "mailer",
            password,
            "FaceAttend <attendance@faceattend.test>",
            startTls),
        Duration.ofSeconds(5));
  }

  @Test
  void sendsAPlainTextMessageInUtf8() throws Exception {
    sender("mailer-pass")
        .send("parent@family.test", "Pointage manquant : Zoé", "Zoé n'avait pas pointé à 09:05.");
    assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
    MimeMessage message = smtp.getReceivedMessages()[0];
    assertThat(message.getSubject()).isEqualTo("Pointage manquant : Zoé");
    assertThat(message.getFrom()[0].toString()).contains("attendance@faceattend.test");
    assertThat(message.getContent().toString()).contains("Zoé n'avait pas pointé à 09:05.");
  }

  @Test
  void aRefusedLoginIsAnError() {
    assertThatThrownBy(() -> sender("wrong").send("a@b.test", "s", "b"))
        .isInstanceOf(Exception.class);
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void withStartTlsRequiredNothingGoesInTheClearToAServerWithoutIt() {
    // GreenMail offers no STARTTLS: the default (required) refuses to log in or send in clear text
    assertThatThrownBy(() -> sender("mailer-pass", true).send("a@b.test", "s", "b"))
        .isInstanceOf(Exception.class)
        .hasMessageContaining("STARTTLS");
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }
}
