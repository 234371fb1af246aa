package dev.orderflow.broker.dispatch;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.cloudevents.CloudEvent;
import io.vertx.core.MultiMap;

/** Sends an event to one destination, a Trigger's subscriber or an HTTP dead-letter sink. */
public interface EventSender {

    /**
     * Completes with the destination's response; exceptionally when there is none (connection refused, timeout).
     * {@code trace} holds the traceparent (and tracestate) the request carries.
     */
    CompletableFuture<Response> send(CloudEvent event, Map<String, String> trace);

    /** Where it sends, as the {@code knativeerrordest} extension of a dead letter names it. */
    String destination();

    /**
     * A destination's answer.
     *
     * @param coldStartMillis how long the request waited for the destination to start from zero (0: it was running)
     */
    record Response(int status, MultiMap headers, byte[] body, long coldStartMillis) {

        public Response {
            body = body == null ? new byte[0] : body;
        }

        public Response(int status, MultiMap headers, byte[] body) {
            this(status, headers, body, 0);
        }

        Response afterColdStart(long millis) {
            return new Response(status, headers, body, millis);
        }

        String header(String name) {
            return headers.get(name);
        }
    }
}
