package dev.orderflow.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

class TraceExportTest {

    @Test
    void shouldNotExportWithoutAnEndpoint() {
        SpanExporter exporter = TraceExport.whereConfigured(Optional.empty(), Optional.of(" "), Optional.empty());
        assertThat(exporter).isNotInstanceOf(OtlpHttpSpanExporter.class);
    }

    @Test
    void shouldExportToTheTracesPathOfTheBaseEndpoint() {
        SpanExporter exporter = TraceExport.whereConfigured(Optional.of("http://collector:4318/"), Optional.empty(),
                Optional.empty());
        assertThat(exporter).isInstanceOf(OtlpHttpSpanExporter.class);
        assertThat(exporter.toString()).contains("endpoint=http://collector:4318/v1/traces");
    }

    @Test
    void shouldPreferTheTracesEndpoint() {
        SpanExporter exporter = TraceExport.whereConfigured(Optional.of("http://a:4318"), Optional.of("http://b:4318/traces"),
                Optional.empty());
        assertThat(exporter.toString()).contains("endpoint=http://b:4318/traces");
    }

    @Test
    void shouldExportToZipkinWhereItsEndpointIsSet() {
        SpanExporter exporter = TraceExport.whereConfigured(Optional.empty(), Optional.empty(),
                Optional.of("http://127.0.0.1:9411/api/v2/spans"));
        assertThat(exporter).isInstanceOf(ZipkinSpanExporter.class);
    }

    @Test
    void shouldExportToBothWhereBothAreSet() {
        SpanExporter exporter = TraceExport.whereConfigured(Optional.of("http://collector:4318"), Optional.empty(),
                Optional.of("http://127.0.0.1:9411/api/v2/spans"));
        assertThat(exporter.toString()).contains("OtlpHttpSpanExporter", "ZipkinSpanExporter");
    }
}
