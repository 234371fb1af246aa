package dev.orderflow.broker.dispatch;

import java.net.URI;

/** Where a resolved destination sends events: an HTTP endpoint, or a Kafka topic (a KafkaSink). */
public sealed interface Target {

    record Http(URI uri) implements Target {
        @Override
        public String toString() {
            return uri.toString();
        }
    }

    record Topic(String topic) implements Target {
        @Override
        public String toString() {
            return "kafka:" + topic;
        }
    }
}
