package dev.orderflow.function;

import java.util.Optional;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.sdk.trace.export.SpanExporter;

import dev.orderflow.http.TraceExport;

/** The function's span exporter ({@link TraceExport}): producing one is what switches Quarkus's default off. */
@Singleton
public class OtlpSpanExport {

    @Produces
    @Singleton
    SpanExporter spanExporter(
            @ConfigProperty(name = "otel.exporter.otlp.endpoint") Optional<String> endpoint,
            @ConfigProperty(name = "otel.exporter.otlp.traces.endpoint") Optional<String> tracesEndpoint,
            @ConfigProperty(name = TraceExport.ZIPKIN_ENDPOINT) Optional<String> zipkinEndpoint) {
        return TraceExport.whereConfigured(endpoint, tracesEndpoint, zipkinEndpoint);
    }
}
