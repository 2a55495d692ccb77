package io.faceattend.face.client;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.StatusOr;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A name resolver for a fixed list of host:port addresses, one address group per IP address so
 * round_robin spreads calls over them; host names are looked up again whenever gRPC asks for a
 * refresh (an engine connection lost or closed: engines close connections after a maximum age, so
 * new engine pods behind a name are found within minutes).
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

  /**
   * One address group per IP address of every host name: a Kubernetes headless Service name ({@code
   * face-engine:9000}) stands for all its ready pods, each then balanced as one engine.
   */
  private List<EquivalentAddressGroup> resolve() {
    List<EquivalentAddressGroup> groups = new ArrayList<>();
    for (InetSocketAddress address : addresses) {
      try {
        for (InetAddress ip : InetAddress.getAllByName(address.getHostString())) {
          groups.add(new EquivalentAddressGroup(new InetSocketAddress(ip, address.getPort())));
        }
      } catch (UnknownHostException e) {
        // not resolvable now (a pod not yet scheduled): the other addresses still serve
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
