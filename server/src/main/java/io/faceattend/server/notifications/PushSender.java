package io.faceattend.server.notifications;

import java.util.Map;

/** Sends one push notification to one device token (FCM in production: {@link FcmPushSender}). */
public interface PushSender {

  /** The token is no longer valid (app uninstalled): it should be forgotten, not retried. */
  final class InvalidTokenException extends Exception {
    public InvalidTokenException(String message) {
      super(message);
    }
  }

  void send(String token, String title, String body, Map<String, String> data) throws Exception;
}
