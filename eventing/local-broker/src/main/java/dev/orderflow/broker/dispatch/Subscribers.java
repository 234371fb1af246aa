package dev.orderflow.broker.dispatch;

import java.net.URI;
import java.util.Map;

import dev.orderflow.manifest.Destination;
import dev.orderflow.manifest.KafkaSinkResource;
import dev.orderflow.manifest.ManifestException;
import dev.orderflow.manifest.Topology;

/**
 * Resolves a Trigger's subscriber or a dead-letter sink to a local target. A Knative Service has no cluster DNS
 * here, so its address comes from a mapping ({@code orderflow.broker.subscribers.<service>}) that defaults to the
 * functions' local ports and can point one function elsewhere, at a {@code quarkus dev} instance for example.
 */
public final class Subscribers {

    private final Map<String, String> services;
    private final Topology topology;

    public Subscribers(Map<String, String> services, Topology topology) {
        this.services = Map.copyOf(services);
        this.topology = topology;
    }

    public Target resolve(Destination destination, String namespace) {
        if (destination.ref() == null) {
            return new Target.Http(URI.create(destination.uri()));
        }
        Destination.Ref ref = destination.ref();
        if (ref.is("serving.knative.dev", "Service")) {
            String address = services.get(ref.name());
            if (address == null) {
                throw new ManifestException(java.util.List.of("no local address for Knative Service '" + ref.name()
                        + "': set orderflow.broker.subscribers." + ref.name() + "=http://127.0.0.1:<port>"));
            }
            return new Target.Http(URI.create(address));
        }
        KafkaSinkResource sink = topology.kafkaSink(ref, namespace).orElseThrow(() -> new ManifestException(
                java.util.List.of("cannot resolve " + ref + " locally: only Knative Services, KafkaSinks and URIs")));
        return new Target.Topic(sink.topic());
    }
}
