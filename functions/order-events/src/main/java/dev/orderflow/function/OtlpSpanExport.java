package dev.orderflow.function;

import java.util.Optional;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Exports spans over OTLP (http/protobuf) only when an endpoint is configured, with the standard
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} (base URL, {@code /v1/traces} is appended) or
 * {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT} (full URL). Without one, spans are still recorded, so trace context
 * still flows from event to event, but nothing is sent and nothing fails in the log: Quarkus's own exporter would
 * try {@code localhost:4317} and log an error for every batch.
 * <p>
 * Producing a {@link SpanExporter} bean is what switches Quarkus's default exporter off.
 */
@Singleton
public class OtlpSpanExport {

    private static final Logger LOG = Logger.getLogger(OtlpSpanExport.class);
    private static final String TRACES_PATH = "/v1/traces";

    @Produces
    @Singleton
    SpanExporter spanExporter(
            @ConfigProperty(name = "otel.exporter.otlp.endpoint") Optional<String> endpoint,
            @ConfigProperty(name = "otel.exporter.otlp.traces.endpoint") Optional<String> tracesEndpoint) {
        Optional<String> url = tracesEndpoint.filter(s -> !s.isBlank())
                .or(() -> endpoint.filter(s -> !s.isBlank()).map(OtlpSpanExport::tracesUrl));
        if (url.isEmpty()) {
            LOG.debug("no OTLP endpoint configured: spans are not exported");
            return SpanExporter.composite();
        }
        LOG.infof("exporting spans to %s", url.get());
        return OtlpHttpSpanExporter.builder().setEndpoint(url.get()).build();
    }

    static String tracesUrl(String base) {
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + TRACES_PATH;
    }
}
