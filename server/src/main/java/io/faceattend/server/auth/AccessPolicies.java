package io.faceattend.server.auth;

import com.google.protobuf.Descriptors;
import io.faceattend.proto.v1.AccessPolicy;
import io.faceattend.proto.v1.AccessProto;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Reads each RPC's {@code (faceattend.v1.access)} option from the proto descriptors, once per
 * method.
 */
final class AccessPolicies {

  private final ConcurrentMap<String, Optional<AccessPolicy>> cache = new ConcurrentHashMap<>();

  Optional<AccessPolicy> of(MethodDescriptor<?, ?> method) {
    return cache.computeIfAbsent(method.getFullMethodName(), name -> read(method));
  }

  private static Optional<AccessPolicy> read(MethodDescriptor<?, ?> method) {
    if (!(method.getSchemaDescriptor() instanceof ProtoMethodDescriptorSupplier supplier)) {
      return Optional.empty();
    }
    Descriptors.MethodDescriptor descriptor = supplier.getMethodDescriptor();
    if (!descriptor.getOptions().hasExtension(AccessProto.access)) {
      return Optional.empty();
    }
    return Optional.of(descriptor.getOptions().getExtension(AccessProto.access));
  }
}
