package io.faceattend.server.grpc;

import io.grpc.stub.StreamObserver;

/**
 * Answers a unary RPC. Refusals are not handled here: a service method simply throws, and {@link
 * io.faceattend.server.error.ErrorInterceptor} turns the exception into the call's status.
 */
final class Unary {

  private Unary() {}

  static <T> void reply(StreamObserver<T> observer, T response) {
    observer.onNext(response);
    observer.onCompleted();
  }
}
