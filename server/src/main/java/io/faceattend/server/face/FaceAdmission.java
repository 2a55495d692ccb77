package io.faceattend.server.face;

import io.faceattend.server.error.ApiException;
import io.faceattend.server.error.ErrorCode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The bounded queue in front of this node's face work: at most {@code concurrency} face engine
 * calls run at once, at most {@code queue} more wait for a turn, and anything beyond is refused at
 * once with {@code overloaded} (503 + Retry-After over REST, RESOURCE_EXHAUSTED with ErrorInfo over
 * gRPC) instead of waiting into a timeout. The refusal comes before the punch's transaction, so a
 * refused punch has changed nothing and the app simply tries again (same Idempotency-Key).
 */
public final class FaceAdmission {

  /** What a refusal tells the client to wait; a face call takes well under a second. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final int concurrency;
  private final int queue;
  private final Semaphore running;
  private final AtomicInteger admitted = new AtomicInteger();
  private final LongAdder calls = new LongAdder();
  private final LongAdder cpuNanos = new LongAdder();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * @param concurrency face calls in flight at once (this node's cores, or what its remote engines
   *     can take)
   * @param queue how many more may wait; 0 = none
   */
  public FaceAdmission(int concurrency, int queue) {
    if (concurrency < 1 || queue < 0) {
      throw new IllegalArgumentException("concurrency >= 1 and queue >= 0 required");
    }
    this.concurrency = concurrency;
    this.queue = queue;
    this.running = new Semaphore(concurrency, true);
  }

  /** Runs one face call when its turn comes, or refuses it at once when the queue is full. */
  public <T> T run(Supplier<T> call) {
    if (admitted.incrementAndGet() > concurrency + queue) {
      admitted.decrementAndGet();
      throw new ApiException(
          ErrorCode.OVERLOADED,
          "The server is busy; try again in a moment",
          Map.of("retry_after_seconds", Long.toString(RETRY_AFTER.toSeconds())));
    }
    try {
      running.acquire();
    } catch (InterruptedException e) {
      admitted.decrementAndGet();
      Thread.currentThread().interrupt();
      throw new ApiException(ErrorCode.UNAVAILABLE, "Interrupted while waiting for the engine");
    }
    long cpuBefore = THREADS.getCurrentThreadCpuTime();
    try {
      return call.get();
    } finally {
      cpuNanos.add(THREADS.getCurrentThreadCpuTime() - cpuBefore);
      calls.increment();
      running.release();
      admitted.decrementAndGet();
    }
  }

  /** Face engine calls run so far. */
  public long calls() {
    return calls.sum();
  }

  /**
   * CPU time of the calling threads inside those calls: with the engine in process (one intra-op
   * thread, run on the caller) the pipeline's own CPU; with remote engines only the client's part.
   */
  public long cpuNanos() {
    return cpuNanos.sum();
  }

  /** Calls running or waiting now (a gauge for /metrics). */
  public int inFlight() {
    return admitted.get();
  }

  public int concurrency() {
    return concurrency;
  }

  public int queue() {
    return queue;
  }
}
