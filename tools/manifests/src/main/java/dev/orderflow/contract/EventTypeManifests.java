package dev.orderflow.contract;

import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.orderflow.events.EventCatalog;
import dev.orderflow.manifest.BrokerResource;
import dev.orderflow.manifest.ManifestRules;

/**
 * A Knative EventType ({@code eventing.knative.dev/v1beta2}) for each type of the catalogue on the flow's broker, so
 * that {@code kubectl get eventtypes} and {@code kn eventtype list} show the catalogue with each schema's URL and a
 * description. YAML, not {@code kn eventtype create}: kn sets only the type, source and broker.
 */
public final class EventTypeManifests {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private EventTypeManifests() {
    }

    public static List<ObjectNode> of(BrokerResource broker) {
        return EventCatalog.ENTRIES.stream().map(entry -> of(entry, broker)).toList();
    }

    static ObjectNode of(EventCatalog.Entry entry, BrokerResource broker) {
        ObjectNode eventType = JSON.objectNode();
        eventType.put("apiVersion", ManifestRules.EVENT_TYPE_API);
        eventType.put("kind", "EventType");
        ObjectNode metadata = eventType.putObject("metadata");
        // A type is a valid object name: lowercase, digits, dots.
        metadata.put("name", entry.type());
        metadata.put("namespace", broker.namespace());
        ObjectNode spec = eventType.putObject("spec");
        spec.put("type", entry.type());
        entry.source().ifPresent(source -> spec.put("source", source));
        spec.put("schema", entry.schema());
        spec.put("description", entry.description());
        ObjectNode reference = spec.putObject("reference");
        reference.put("apiVersion", ManifestRules.EVENTING_API);
        reference.put("kind", "Broker");
        reference.put("name", broker.name());
        return eventType;
    }
}
