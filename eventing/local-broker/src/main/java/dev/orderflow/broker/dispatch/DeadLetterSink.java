package dev.orderflow.broker.dispatch;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.cloudevents.CloudEvent;

import dev.orderflow.broker.kafka.EventPublisher;

/** Where the events that no retry could deliver go: the delivery's {@code deadLetterSink}, a KafkaSink or a URI. */
public interface DeadLetterSink {

    /** Completes once the sink holds {@code event}; exceptionally when it does not. {@code trace}: its traceparent. */
    CompletableFuture<Void> store(CloudEvent event, Map<String, String> trace);

    String destination();

    /** A KafkaSink: the event goes to its topic, the trace context as headers. */
    static DeadLetterSink topic(EventPublisher publisher, String topic) {
        return new DeadLetterSink() {
            @Override
            public CompletableFuture<Void> store(CloudEvent event, Map<String, String> trace) {
                return publisher.publish(topic, event, trace).thenApply(metadata -> null);
            }

            @Override
            public String destination() {
                return "kafka:" + topic;
            }
        };
    }

    /** An addressable over HTTP: it holds the event once it answers 2xx. */
    static DeadLetterSink http(EventSender sender) {
        return new DeadLetterSink() {
            @Override
            public CompletableFuture<Void> store(CloudEvent event, Map<String, String> trace) {
                return sender.send(event, trace).thenApply(response -> {
                    if (!Statuses.isSuccess(response.status())) {
                        throw new IllegalStateException("dead-letter sink answered " + response.status());
                    }
                    return null;
                });
            }

            @Override
            public String destination() {
                return sender.destination();
            }
        };
    }
}
