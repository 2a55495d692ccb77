package io.faceattend.server.notifications;

import io.faceattend.server.config.EventsConfig;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Date;
import java.util.Properties;

/**
 * E-mail over SMTP (Jakarta Mail, Angus implementation): STARTTLS required unless switched off,
 * optional login.
 */
public final class SmtpEmailSender implements EmailSender {

  private final EventsConfig.Smtp smtp;
  private final Session session;

  public SmtpEmailSender(EventsConfig.Smtp smtp, Duration timeout) {
    this.smtp = smtp;
    Properties props = new Properties();
    props.put("mail.transport.protocol", "smtp");
    props.put("mail.smtp.host", smtp.host());
    props.put("mail.smtp.port", Integer.toString(smtp.port()));
    props.put("mail.smtp.auth", Boolean.toString(!smtp.user().isEmpty()));
    props.put("mail.smtp.starttls.enable", Boolean.toString(smtp.startTls()));
    props.put("mail.smtp.starttls.required", Boolean.toString(smtp.startTls()));
    String millis = Long.toString(timeout.toMillis());
    props.put("mail.smtp.connectiontimeout", millis);
    props.put("mail.smtp.timeout", millis);
    props.put("mail.smtp.writetimeout", millis);
    this.session = Session.getInstance(props);
  }

  @Override
  public void send(String to, String subject, String body) throws Exception {
    MimeMessage message = new MimeMessage(session);
    message.setFrom(new InternetAddress(smtp.from()));
    message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
    message.setSubject(subject, "UTF-8");
    message.setText(body, "UTF-8");
    message.setSentDate(new Date());
    if (smtp.user().isEmpty()) {
      Transport.send(message);
    } else {
      Transport.send(message, smtp.user(), smtp.password());
    }
  }
}
