package io.faceattend.server.notifications;

/** Sends one plain-text e-mail; throws when the server refused it or could not be reached. */
public interface EmailSender {
  void send(String to, String subject, String body) throws Exception;
}
