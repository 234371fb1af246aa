package dev.orderflow.function;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

import dev.orderflow.events.Extensions;

/**
 * W3C trace context as the CloudEvents distributed-tracing extension carries it. OpenTelemetry's propagator does
 * the work; this class adds the strict format check (a malformed value is a client fault, answered with 400).
 */
public final class TraceContexts {

    // W3C Trace Context 3.2: version "ff" is forbidden, all-zero trace and parent ids are invalid, version 00 has
    // exactly four fields and later versions may append more.
    private static final String IDS = "-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-[0-9a-f]{2}";
    private static final Pattern TRACEPARENT = Pattern.compile("00" + IDS + "|(?!00|ff)[0-9a-f]{2}" + IDS + "(-[!-~]*)?");
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

    public static boolean isValidTraceparent(String value) {
        return value != null && TRACEPARENT.matcher(value).matches();
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
