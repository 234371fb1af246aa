package dev.orderflow.http;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import dev.orderflow.events.Extensions;

/**
 * W3C trace context as the CloudEvents distributed-tracing extension carries it. OpenTelemetry's propagator does
 * the work; this class adds the strict format check (a malformed value is a client fault, answered with 400).
 */
public final class TraceContexts {

    private static final int MAX_TRACESTATE_LENGTH = 512;

    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private TraceContexts() {
    }

    /**
     * W3C Trace Context 3.2 as OpenTelemetry's propagator reads it (lower-case hex, version ff refused, all-zero ids
     * invalid, version 00 exactly 55 characters), in visible ASCII as the W3C grammar has it (the propagator does not
     * look past the flags of a later version). This replaced a hand-written parser: docs/benchmarks.md has the
     * throughput of both.
     */
    public static boolean isValidTraceparent(String value) {
        return value != null && names(value, extract(value, null));
    }

    /** {@code traceparent}, visible ASCII, names the valid span context it was extracted into. */
    private static boolean names(String traceparent, Context extracted) {
        return isVisibleAscii(traceparent) && Span.fromContext(extracted).getSpanContext().isValid();
    }

    private static boolean isVisibleAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /** The trace id a traceparent names; empty when it names none (absent or malformed). */
    public static Optional<String> traceId(String traceparent) {
        if (traceparent == null) {
            return Optional.empty();
        }
        SpanContext context = Span.fromContext(extract(traceparent, null)).getSpanContext();
        return context.isValid() ? Optional.of(context.getTraceId()) : Optional.empty();
    }

    /**
     * The context a traceparent and tracestate given under {@code where} name, the root context when there is no
     * traceparent; a 400 when either is malformed. One extraction serves the check and the span's parent.
     */
    public static Context requireValid(String where, String traceparent, String tracestate) {
        Context context = extract(traceparent, tracestate);
        if (traceparent != null && !names(traceparent, context)) {
            throw EventException.invalidEvent(where + " traceparent is not a W3C trace context "
                    + "(version-traceid-parentid-flags, e.g. 00-<32 hex>-<16 hex>-01)");
        }
        if (tracestate != null && tracestate.length() > MAX_TRACESTATE_LENGTH) {
            throw EventException.invalidEvent(where + " tracestate is longer than " + MAX_TRACESTATE_LENGTH + " characters");
        }
        if (tracestate != null && !CloudEventReader.isPrintableAscii(tracestate)) {
            throw EventException.invalidEvent(where + " tracestate is not printable ASCII");
        }
        return context;
    }

    /** The context a traceparent (and optional tracestate) names; the root context when there is none. */
    public static Context extract(String traceparent, String tracestate) {
        if (traceparent == null) {
            return Context.root();
        }
        Map<String, String> carrier = new HashMap<>(2);
        carrier.put(Extensions.TRACEPARENT, traceparent);
        if (tracestate != null) {
            carrier.put(Extensions.TRACESTATE, tracestate);
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, MAP_GETTER);
    }

    /** The traceparent (and tracestate, when not empty) that continue from {@code context}. */
    public static Map<String, String> inject(Context context) {
        Map<String, String> carrier = new HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(context, carrier, Map::put);
        return carrier;
    }
}
