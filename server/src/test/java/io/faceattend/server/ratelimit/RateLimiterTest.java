package io.faceattend.server.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.faceattend.server.MutableClock;
import io.faceattend.server.TestDatabase;
import io.faceattend.server.audit.Store;
import io.faceattend.server.config.ConfigException;
import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PostgreSQL counters, shared by several nodes, and the settings' syntax. */
class RateLimiterTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-04T12:00:00Z"));
  private DSLContext db;

  @BeforeEach
  void reset() {
    db = TestDatabase.reset();
    db.execute("truncate table rate_limit_counters");
  }

  @Test
  void twoNodesTogetherAdmitExactlyTheLimitUnderConcurrency() throws Exception {
    RateLimitSettings settings = RateLimitSettings.parse("authentication=5/minute");
    // two limiters on one database: two gateway nodes
    RateLimiter nodeA = new RateLimiter(Store.of(db, clock), settings);
    RateLimiter nodeB = new RateLimiter(Store.of(db, clock), settings);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        RateLimiter node = i % 2 == 0 ? nodeA : nodeB;
        Callable<Boolean> call =
            () -> {
              try {
                node.hit(RateLimitSettings.Category.AUTHENTICATION, List.of("ip:10.0.0.9"));
                return true;
              } catch (ApiException e) {
                assertThat(e.errorCode()).isEqualTo(ErrorCode.RATE_LIMITED);
                return false;
              }
            };
        calls.add(pool.submit(call));
      }
      int admitted = 0;
      for (Future<Boolean> call : calls) {
        admitted += call.get() ? 1 : 0;
      }
      assertThat(admitted).isEqualTo(5);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void refusalSaysHowLongToWaitAndTheWindowStartsAgain() {
    RateLimiter limiter =
        new RateLimiter(Store.of(db, clock), RateLimitSettings.parse("reports=2/minute"));
    List<String> who = List.of("ip:10.0.0.1", "user:7");
    limiter.hit(RateLimitSettings.Category.REPORTS, who);
    clock.advance(Duration.ofSeconds(20));
    limiter.hit(RateLimitSettings.Category.REPORTS, who);
    assertThatThrownBy(() -> limiter.hit(RateLimitSettings.Category.REPORTS, who))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.RATE_LIMITED);
              assertThat(e.details()).containsEntry("retry_after_seconds", "40");
            });
    // the same account from another address is still over its own limit
    assertThatThrownBy(
            () -> limiter.hit(RateLimitSettings.Category.REPORTS, List.of("ip:10.0.0.2", "user:7")))
        .isInstanceOf(ApiException.class);
    // another category is counted apart
    limiter.hit(RateLimitSettings.Category.GENERAL, who);
    clock.advance(Duration.ofSeconds(41));
    limiter.hit(RateLimitSettings.Category.REPORTS, who);
  }

  @Test
  void countingCostsOneShortStatementPerRequest() {
    RateLimiter limiter = new RateLimiter(Store.of(db, clock), RateLimitSettings.SEED_DEFAULTS);
    List<String> who = List.of("ip:10.0.0.3", "user:3");
    for (int i = 0; i < 50; i++) { // warm-up
      limiter.hit(RateLimitSettings.Category.GENERAL, who);
    }
    int requests = 500;
    long start = System.nanoTime();
    for (int i = 0; i < requests; i++) {
      limiter.hit(RateLimitSettings.Category.GENERAL, who);
    }
    double micros = (System.nanoTime() - start) / 1000.0 / requests;
    System.out.printf("rate limit check: %.0f us per request (address + account)%n", micros);
    // loose on purpose (a shared, busy machine): far below a request's own cost
    assertThat(micros).isLessThan(20_000);
  }

  @Test
  void settingsDefaultToSeed001AndRefuseNonsense() {
    RateLimitSettings defaults = RateLimitSettings.parse(null);
    assertThat(defaults.of(RateLimitSettings.Category.AUTHENTICATION).orElseThrow())
        .isEqualTo(new RateLimitSettings.Limit(5, Duration.ofMinutes(1)));
    assertThat(defaults.of(RateLimitSettings.Category.FACE_VERIFICATION).orElseThrow())
        .isEqualTo(new RateLimitSettings.Limit(100, Duration.ofMinutes(1)));
    assertThat(defaults.of(RateLimitSettings.Category.REPORTS).orElseThrow())
        .isEqualTo(new RateLimitSettings.Limit(10, Duration.ofMinutes(1)));
    assertThat(defaults.of(RateLimitSettings.Category.GENERAL).orElseThrow())
        .isEqualTo(new RateLimitSettings.Limit(1000, Duration.ofHours(1)));
    RateLimitSettings some = RateLimitSettings.parse("reports=20/hour, general=off");
    assertThat(some.of(RateLimitSettings.Category.REPORTS).orElseThrow())
        .isEqualTo(new RateLimitSettings.Limit(20, Duration.ofHours(1)));
    assertThat(some.of(RateLimitSettings.Category.GENERAL)).isEmpty();
    assertThat(some.of(RateLimitSettings.Category.AUTHENTICATION)).isPresent();
    assertThat(RateLimitSettings.parse("off").limits()).isEmpty();
    for (String bad : List.of("auth=5/minute", "reports=0/minute", "reports=5/week", "reports")) {
      assertThatThrownBy(() -> RateLimitSettings.parse(bad)).isInstanceOf(ConfigException.class);
    }
  }

  @Test
  void methodsFallIntoSeed001sCategories() {
    assertThat(RateLimitInterceptor.categoryOf("faceattend.v1.AuthService/Login"))
        .isEqualTo(RateLimitSettings.Category.AUTHENTICATION);
    assertThat(RateLimitInterceptor.categoryOf("faceattend.v1.IdentificationService/FaceLogin"))
        .isEqualTo(RateLimitSettings.Category.AUTHENTICATION);
    assertThat(RateLimitInterceptor.categoryOf("faceattend.v1.AttendanceService/CheckIn"))
        .isEqualTo(RateLimitSettings.Category.FACE_VERIFICATION);
    assertThat(RateLimitInterceptor.categoryOf("faceattend.v1.FaceEngineService/Verify"))
        .isEqualTo(RateLimitSettings.Category.FACE_VERIFICATION);
    assertThat(RateLimitInterceptor.categoryOf("faceattend.v1.ReportService/GetSummary"))
        .isEqualTo(RateLimitSettings.Category.REPORTS);
    assertThat(RateLimitInterceptor.categoryOf("faceattend.v1.UserService/GetProfile"))
        .isEqualTo(RateLimitSettings.Category.GENERAL);
  }
}
