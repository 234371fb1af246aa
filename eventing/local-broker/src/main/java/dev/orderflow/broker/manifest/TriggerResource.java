package dev.orderflow.broker.manifest;

import dev.orderflow.broker.filter.EventFilter;

/**
 * A Knative {@code Trigger}: which events of its broker go to which subscriber, and how they are delivered.
 * {@code delivery} is already merged with the broker's and the defaults.
 */
public record TriggerResource(String namespace, String name, String broker, EventFilter filter,
        Destination subscriber, DeliverySpec delivery, boolean ordered) {

    /** The consumer group of this Trigger, as the Knative Kafka broker names it. */
    public String consumerGroup() {
        return "knative-trigger-" + namespace + "-" + name;
    }

    public String qualifiedName() {
        return namespace + "/" + name;
    }
}
