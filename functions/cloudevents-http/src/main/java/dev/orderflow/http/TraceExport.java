package dev.orderflow.http;

import java.util.Optional;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Where spans go: over OTLP (http/protobuf) only when an endpoint is configured, with the standard
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} (base URL, {@code /v1/traces} is appended) or
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (full URL). Without one, spans are still recorded, so trace context
 * still flows from event to event, but nothing is sent and nothing fails in the log: Quarkus's own exporter would
 * try {@code localhost:4317} and log an error for every batch. The functions and the broker produce their
 * exporter with it.
 */
public final class TraceExport {

    private static final String TRACES_PATH = "/v1/traces";

    private TraceExport() {
    }

    public static SpanExporter otlpWhereConfigured(Optional<String> endpoint, Optional<String> tracesEndpoint) {
        Optional<String> url = tracesEndpoint.filter(s -> !s.isBlank())
                .or(() -> endpoint.filter(s -> !s.isBlank()).map(TraceExport::tracesUrl));
        return url.<SpanExporter>map(u -> OtlpHttpSpanExporter.builder().setEndpoint(u).build())
                .orElseGet(SpanExporter::composite);
    }

    static String tracesUrl(String base) {
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + TRACES_PATH;
    }
}
