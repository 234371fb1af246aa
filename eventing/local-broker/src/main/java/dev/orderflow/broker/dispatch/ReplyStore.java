package dev.orderflow.broker.dispatch;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.cloudevents.CloudEvent;

/** Where a subscriber's reply goes: back into the Trigger's broker. */
@FunctionalInterface
public interface ReplyStore {

    /** Completes once the broker's topic holds {@code reply}; {@code trace} is its traceparent (and tracestate). */
    CompletableFuture<?> store(CloudEvent reply, Map<String, String> trace);
}
