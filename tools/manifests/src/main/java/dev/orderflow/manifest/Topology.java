package dev.orderflow.manifest;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the local broker read from the manifests: brokers, their triggers, the sinks they name, and the event
 * types they catalogue.
 */
public record Topology(List<BrokerResource> brokers, List<TriggerResource> triggers,
        Map<String, KafkaSinkResource> kafkaSinks, List<EventTypeResource> eventTypes) {

    public Optional<BrokerResource> broker(String namespace, String name) {
        return brokers.stream().filter(b -> b.namespace().equals(namespace) && b.name().equals(name)).findFirst();
    }

    public List<TriggerResource> triggersOf(BrokerResource broker) {
        return triggers.stream()
                .filter(t -> t.namespace().equals(broker.namespace()) && t.broker().equals(broker.name()))
                .toList();
    }

    /** The catalogue of {@code broker}: what {@code kn eventtype list} shows for it on a cluster. */
    public List<EventTypeResource> eventTypesOf(BrokerResource broker) {
        return eventTypes.stream()
                .filter(t -> t.namespace().equals(broker.namespace()) && t.broker().equals(broker.name()))
                .toList();
    }

    /** The KafkaSink a reference names, if it is one. */
    public Optional<KafkaSinkResource> kafkaSink(Destination.Ref ref, String defaultNamespace) {
        if (ref == null || !ref.is("eventing.knative.dev", "KafkaSink")) {
            return Optional.empty();
        }
        String namespace = ref.namespace() != null ? ref.namespace() : defaultNamespace;
        return Optional.ofNullable(kafkaSinks.get(namespace + "/" + ref.name()));
    }

    /** The KafkaSink {@code broker}'s delivery dead-letters to, if it is one. */
    public Optional<KafkaSinkResource> deadLetterSink(BrokerResource broker) {
        Destination sink = broker.delivery().deadLetterSink();
        return sink == null ? Optional.empty() : kafkaSink(sink.ref(), broker.namespace());
    }
}
