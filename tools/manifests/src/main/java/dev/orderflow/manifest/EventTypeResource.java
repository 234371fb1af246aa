package dev.orderflow.manifest;

/**
 * A Knative {@code EventType} of a broker: an entry of its catalogue, as {@code kn eventtype list} shows it.
 * {@code source}, {@code schema} and {@code description} are optional, empty when the manifest leaves them out.
 */
public record EventTypeResource(String namespace, String name, String broker, String type, String source,
        String schema, String description) {
}
