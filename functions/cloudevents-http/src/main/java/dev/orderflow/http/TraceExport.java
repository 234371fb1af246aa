package dev.orderflow.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import zipkin2.reporter.urlconnection.URLConnectionSender;

/**
 * Where spans go: over OTLP (http/protobuf) when an endpoint is configured, with the standard
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} (base URL, {@code /v1/traces} is appended) or
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (full URL), the cluster's way; to a Zipkin server when
 * {@code orderflow.tracing.zipkin-endpoint} names its {@code /api/v2/spans}, the local flow's way
 * ({@code scripts/run.sh up --observe}); to both when both are set. Without either, spans are still recorded, so
 * trace context still flows from event to event, but nothing is sent and nothing fails in the log: Quarkus's own
 * exporter would try {@code localhost:4317} and log an error for every batch. The functions and the broker produce
 * their exporter with it.
 */
public final class TraceExport {

    /** The setting that names a Zipkin server's span endpoint. */
    public static final String ZIPKIN_ENDPOINT = "orderflow.tracing.zipkin-endpoint";
    private static final String TRACES_PATH = "/v1/traces";

    private TraceExport() {
    }

    public static SpanExporter whereConfigured(Optional<String> endpoint, Optional<String> tracesEndpoint,
            Optional<String> zipkinEndpoint) {
        List<SpanExporter> exporters = new ArrayList<>(2);
        tracesEndpoint.filter(s -> !s.isBlank())
                .or(() -> endpoint.filter(s -> !s.isBlank()).map(TraceExport::tracesUrl))
                .ifPresent(url -> exporters.add(OtlpHttpSpanExporter.builder().setEndpoint(url).build()));
        // Uncompressed: the Zipkin endpoint is the local flow's, on the same machine, where gzip only costs CPU (a third
        // of what exporting cost; Protocol Buffers instead of JSON saved nothing: docs/benchmarks.md).
        zipkinEndpoint.filter(s -> !s.isBlank()).ifPresent(url -> exporters.add(ZipkinSpanExporter.builder()
                .setSender(URLConnectionSender.newBuilder().endpoint(url).compressionEnabled(false).build()).build()));
        return exporters.size() == 1 ? exporters.get(0) : SpanExporter.composite(exporters);
    }

    static String tracesUrl(String base) {
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + TRACES_PATH;
    }
}
