package dev.orderflow.http;

import java.util.HashMap;
import java.util.Map;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import dev.orderflow.events.Extensions;

/**
 * W3C trace context as the CloudEvents distributed-tracing extension carries it. OpenTelemetry's propagator does
 * the work; this class adds the strict format check (a malformed value is a client fault, answered with 400).
 */
public final class TraceContexts {

    /** version-traceid-parentid-flags: 2 + 1 + 32 + 1 + 16 + 1 + 2 characters. */
    private static final int TRACEPARENT_LENGTH = 55;
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
     * W3C Trace Context 3.2: lower-case hex fields, version "ff" forbidden, all-zero trace and parent ids invalid;
     * version 00 has exactly four fields, a later version may append more after a dash. Written out rather than as a
     * regular expression: it runs for every event, and the expression took a twentieth of a function's time.
     */
    public static boolean isValidTraceparent(String value) {
        if (value == null || value.length() < TRACEPARENT_LENGTH
                || !isHex(value, 0, 2) || value.charAt(2) != '-'
                || !isHex(value, 3, 35) || value.charAt(35) != '-'
                || !isHex(value, 36, 52) || value.charAt(52) != '-'
                || !isHex(value, 53, 55)
                || isZero(value, 3, 35) || isZero(value, 36, 52)) {
            return false;
        }
        if (value.startsWith("00")) {
            return value.length() == TRACEPARENT_LENGTH;
        }
        if (value.startsWith("ff")) {
            return false;
        }
        if (value.length() == TRACEPARENT_LENGTH) {
            return true;
        }
        if (value.charAt(TRACEPARENT_LENGTH) != '-') {
            return false;
        }
        for (int i = TRACEPARENT_LENGTH + 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '!' || c > '~') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(String value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (value.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    /** Throws a 400 when a traceparent or tracestate value given under {@code where} is malformed. */
    public static void requireValid(String where, String traceparent, String tracestate) {
        if (traceparent != null && !isValidTraceparent(traceparent)) {
            throw EventException.invalidEvent(where + " traceparent is not a W3C trace context "
                    + "(version-traceid-parentid-flags, e.g. 00-<32 hex>-<16 hex>-01)");
        }
        if (tracestate != null && tracestate.length() > MAX_TRACESTATE_LENGTH) {
            throw EventException.invalidEvent(where + " tracestate is longer than " + MAX_TRACESTATE_LENGTH + " characters");
        }
        if (tracestate != null && !CloudEventReader.isPrintableAscii(tracestate)) {
            throw EventException.invalidEvent(where + " tracestate is not printable ASCII");
        }
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
