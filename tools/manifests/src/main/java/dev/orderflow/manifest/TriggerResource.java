package dev.orderflow.manifest;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Knative {@code Trigger}: which events of its broker go to which subscriber, and how they are delivered.
 * {@code delivery} is already merged with the broker's and the defaults.
 *
 * @param filters {@code spec.filters} as written (each checked: one dialect of exact, prefix, suffix, all, any, not
 *     or cesql); when there are any they win over {@code attributes}, as in Knative
 * @param attributes {@code spec.filter.attributes}
 */
public record TriggerResource(String namespace, String name, String broker, List<JsonNode> filters,
        Map<String, String> attributes, Destination subscriber, DeliverySpec delivery, boolean ordered) {

    /** The consumer group of this Trigger, as the Knative Kafka broker names it. */
    public String consumerGroup() {
        return "knative-trigger-" + namespace + "-" + name;
    }

    public String qualifiedName() {
        return namespace + "/" + name;
    }
}
