package io.faceattend.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;

/** Asserts that a call is refused with a given error code. */
public final class ApiAssertions {

  private ApiAssertions() {}

  public static void assertCode(Runnable call, ErrorCode code) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.errorCode()).isEqualTo(code));
  }
}
