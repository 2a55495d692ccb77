package io.faceattend.face.client;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** A name resolver that always answers a fixed list of host:port addresses, one group each (for round_robin). */
final class StaticAddressResolverFactory extends NameResolver.Factory {
    static final String SCHEME = "faceengine-static";

    private final List<EquivalentAddressGroup> groups;

    StaticAddressResolverFactory(List<InetSocketAddress> addresses) {
        List<EquivalentAddressGroup> list = new ArrayList<>();
        for (InetSocketAddress address : addresses) {
            list.add(new EquivalentAddressGroup(address));
        }
        this.groups = List.copyOf(list);
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

            @Override
            public void start(Listener2 listener) {
                listener.onResult(ResolutionResult.newBuilder().setAddressesOrError(
                        io.grpc.StatusOr.fromValue(groups)).build());
            }

            @Override
            public void shutdown() {
            }
        };
    }

    @Override
    public String getDefaultScheme() {
        return SCHEME;
    }
}
