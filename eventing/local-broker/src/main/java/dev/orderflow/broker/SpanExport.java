package dev.orderflow.broker;

import java.util.Optional;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.opentelemetry.sdk.trace.export.SpanExporter;

import dev.orderflow.http.TraceExport;

/** The broker's span exporter, as the functions': over OTLP only where an endpoint is set ({@link TraceExport}). */
@Singleton
public class SpanExport {

    @Produces
    @Singleton
    SpanExporter spanExporter(
            @ConfigProperty(name = "otel.exporter.otlp.endpoint") Optional<String> endpoint,
            @ConfigProperty(name = "otel.exporter.otlp.traces.endpoint") Optional<String> tracesEndpoint,
            @ConfigProperty(name = TraceExport.ZIPKIN_ENDPOINT) Optional<String> zipkinEndpoint) {
        return TraceExport.whereConfigured(endpoint, tracesEndpoint, zipkinEndpoint);
    }
}
