package io.faceattend.face.client;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.StatusOr;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A name resolver for a fixed list of host:port addresses, one address group each so round_robin
 * spreads calls over them; host names are looked up again whenever gRPC asks for a refresh.
 */
final class StaticAddressResolverFactory extends NameResolver.Factory {
  static final String SCHEME = "faceengine-static";

  private final List<InetSocketAddress> addresses;

  /**
   * @param addresses unresolved host:port pairs, looked up each time the channel resolves
   */
  StaticAddressResolverFactory(List<InetSocketAddress> addresses) {
    this.addresses = List.copyOf(addresses);
  }

  private List<EquivalentAddressGroup> resolve() {
    List<EquivalentAddressGroup> groups = new ArrayList<>();
    for (InetSocketAddress address : addresses) {
      InetSocketAddress resolved =
          new InetSocketAddress(address.getHostString(), address.getPort());
      if (!resolved.isUnresolved()) {
        groups.add(new EquivalentAddressGroup(resolved));
      }
    }
    return groups;
  }

  @Override
  public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
    if (!SCHEME.equals(targetUri.getScheme())) {
      return null;
    }
    return new NameResolver() {
      @Override
      public String getServiceAuthority() {
        return "face-engine";
      }

      private Listener2 listener;

      @Override
      public void start(Listener2 listener) {
        this.listener = listener;
        refresh();
      }

      @Override
      public void refresh() {
        List<EquivalentAddressGroup> groups = resolve();
        listener.onResult(
            ResolutionResult.newBuilder()
                .setAddressesOrError(
                    groups.isEmpty()
                        ? StatusOr.fromStatus(
                            Status.UNAVAILABLE.withDescription(
                                "no face engine address resolves: " + addresses))
                        : StatusOr.fromValue(groups))
                .build());
      }

      @Override
      public void shutdown() {}
    };
  }

  @Override
  public String getDefaultScheme() {
    return SCHEME;
  }
}
