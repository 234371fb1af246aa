package dev.orderflow.broker.dispatch;

import java.util.HashMap;
import java.util.Map;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;

import dev.orderflow.events.Extensions;
import dev.orderflow.http.CloudEventReader;
import dev.orderflow.http.TraceContexts;

/** The reply event in a subscriber's 2xx response, and the trace context it goes back into the broker with. */
final class Replies {

    private Replies() {
    }

    /**
     * The reply in {@code response}; {@code null} when it carries none (no body, no ce-* headers).
     *
     * @throws IllegalStateException on a body that is not an event: the subscriber broke the contract
     */
    static CloudEvent of(EventSender.Response response) {
        boolean hasBody = response.body().length > 0;
        boolean hasAttributes = response.headers().names().stream().anyMatch(CloudEventReader::isCeHeader);
        boolean structured = CloudEventReader.STRUCTURED.equals(CloudEventReader.mediaType(response.header("Content-Type")));
        if (!hasAttributes && !structured) {
            if (hasBody) {
                throw new IllegalStateException("unable to decode response: a non-empty body that is not a CloudEvent");
            }
            return null;
        }
        return HttpMessageFactory.createReader(response.headers()::forEach, hasBody ? response.body() : null).toEvent();
    }

    /** A reply continues the subscriber's trace when it says where; otherwise the dispatch's. */
    static Map<String, String> trace(CloudEvent reply, Span dispatch) {
        String traceparent = CloudEventReader.extension(reply, Extensions.TRACEPARENT);
        if (!TraceContexts.isValidTraceparent(traceparent)) {
            return TraceContexts.inject(Context.root().with(dispatch));
        }
        Map<String, String> trace = new HashMap<>();
        trace.put(Extensions.TRACEPARENT, traceparent);
        String tracestate = CloudEventReader.extension(reply, Extensions.TRACESTATE);
        if (tracestate != null) {
            trace.put(Extensions.TRACESTATE, tracestate);
        }
        return trace;
    }
}
