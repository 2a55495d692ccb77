package io.faceattend.server.attendance;

import java.nio.charset.StandardCharsets;

/** Answers a punch with its local time, stored as text for idempotent replays (tests). */
final class LocalTimeCodec implements Punches.ResponseCodec<String> {

  static final LocalTimeCodec INSTANCE = new LocalTimeCodec();

  @Override
  public String build(PunchResult result) {
    return result.localTime().toString();
  }

  @Override
  public byte[] encode(String response) {
    return response.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String decode(byte[] stored) {
    return new String(stored, StandardCharsets.UTF_8);
  }
}
