package io.faceattend.server.auth;

/** Where a call comes from, for login events and the audit log. Either may be null. */
public record CallerInfo(String clientIp, String userAgent) {

  public static final CallerInfo UNKNOWN = new CallerInfo(null, null);

  /** The caller of the RPC being served. */
  public static CallerInfo current() {
    return CallContext.caller();
  }
}
