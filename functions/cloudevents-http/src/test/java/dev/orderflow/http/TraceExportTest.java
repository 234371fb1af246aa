package dev.orderflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

class TraceExportTest {

    @Test
    void shouldNotExportWithoutAnEndpoint() {
        SpanExporter exporter = TraceExport.otlpWhereConfigured(Optional.empty(), Optional.of(" "));
        assertThat(exporter).isNotInstanceOf(OtlpHttpSpanExporter.class);
    }

    @Test
    void shouldExportToTheTracesPathOfTheBaseEndpoint() {
        SpanExporter exporter = TraceExport.otlpWhereConfigured(Optional.of("http://collector:4318/"), Optional.empty());
        assertThat(exporter).isInstanceOf(OtlpHttpSpanExporter.class);
        assertThat(exporter.toString()).contains("endpoint=http://collector:4318/v1/traces");
    }

    @Test
    void shouldPreferTheTracesEndpoint() {
        SpanExporter exporter = TraceExport.otlpWhereConfigured(Optional.of("http://a:4318"), Optional.of("http://b:4318/traces"));
        assertThat(exporter.toString()).contains("endpoint=http://b:4318/traces");
    }
}
