package io.faceattend.server.grpc;

import static io.faceattend.server.ApiAssertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.faceattend.db.jooq.tables.records.UsersRecord;
import io.faceattend.proto.v1.FaceLoginResponse;
import io.faceattend.proto.v1.LoginResponse;
import io.faceattend.server.auth.Authentication;
import io.faceattend.server.error.ErrorCode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What the password and the face sign-in RPCs share: the response and the location check. */
class SignInMessagesTest {

  private static UsersRecord ana() {
    UsersRecord user = new UsersRecord();
    user.setId(7L);
    user.setName("Ana");
    user.setUsername("ana");
    user.setEmail("ana@example.com");
    return user;
  }

  @Test
  void bothSignInsAnswerWithTheSameFields() {
    var result =
        new Authentication.LoginResult(new Authentication.Tokens("access", "refresh"), ana());
    LoginResponse password = Messages.signedIn(LoginResponse.newBuilder(), result).build();
    assertThat(password.getAccessToken()).isEqualTo("access");
    assertThat(password.getRefreshToken()).isEqualTo("refresh");
    assertThat(password.getIsFirstLogin()).isTrue();
    assertThat(password.getUser().getId()).isEqualTo(7);
    assertThat(password.getUser().getUsername()).isEqualTo("ana");
    FaceLoginResponse face = Messages.signedIn(FaceLoginResponse.newBuilder(), result).build();
    assertThat(face.toByteString()).isEqualTo(password.toByteString());
  }

  @Test
  void anEnrolledPersonIsNotOnTheirFirstLogin() {
    UsersRecord user = ana();
    user.setFaceEnrolledAt(OffsetDateTime.of(2026, 3, 1, 9, 0, 0, 0, ZoneOffset.UTC));
    var result = new Authentication.LoginResult(new Authentication.Tokens("a", "r"), user);
    assertThat(Messages.signedIn(LoginResponse.newBuilder(), result).build().getIsFirstLogin())
        .isFalse();
  }

  @Test
  void aSignInLocationIsAWholeRealPairOrNothing() {
    assertThat(Locations.signIn(null, null)).isEqualTo(Authentication.Location.NONE);
    assertThat(Locations.signIn(24.86, 67.0)).isEqualTo(new Authentication.Location(24.86, 67.0));
    assertCode(() -> Locations.signIn(24.86, null), ErrorCode.INVALID_LOCATION);
    assertCode(() -> Locations.signIn(null, 67.0), ErrorCode.INVALID_LOCATION);
    assertCode(() -> Locations.signIn(91.0, 67.0), ErrorCode.INVALID_LOCATION);
  }
}
