package dev.orderflow.manifest;

/** A Knative {@code Broker} of class Kafka. */
public record BrokerResource(String namespace, String name, String brokerClass, KafkaBrokerConfig config,
        DeliverySpec delivery) {

    /** The topic that holds the broker's events, named as the Knative Kafka broker names it. */
    public String topic() {
        return "knative-broker-" + namespace + "-" + name;
    }

    public String path() {
        return "/" + namespace + "/" + name;
    }
}
