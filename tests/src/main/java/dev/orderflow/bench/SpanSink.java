package dev.orderflow.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/**
 * A span collector that answers as one and keeps nothing, but counts: where the benchmarks send spans to measure what
 * exporting costs the process that exports, without a trace store's ingest on the same cores (on a cluster the
 * collector runs elsewhere). It takes OTLP over HTTP ({@code POST /v1/traces}, protobuf: the cluster's way) and
 * Zipkin's JSON v2 ({@code POST /api/v2/spans}: the local flow's way to its Zipkin). Counting the spans proves they
 * were sent.
 */
final class SpanSink implements AutoCloseable {

    static final String OTLP_PATH = "/v1/traces";
    static final String ZIPKIN_PATH = "/api/v2/spans";
    /** Every span of Zipkin's JSON v2 has exactly one. */
    private static final byte[] SPAN_FIELD = "\"traceId\"".getBytes(StandardCharsets.US_ASCII);

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1));
    private final LongAdder spans = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final HttpServer server;

    private SpanSink() {
        // Senders may gzip their batches, as they would to a real collector.
        this.server = vertx.createHttpServer(new HttpServerOptions().setDecompressionSupported(true)).requestHandler(
                request -> request.body().onComplete(body -> {
                    boolean otlp = OTLP_PATH.equals(request.path());
                    if (body.failed() || !otlp && !ZIPKIN_PATH.equals(request.path())) {
                        request.response().setStatusCode(body.failed() ? 400 : 404).end();
                        return;
                    }
                    batches.increment();
                    spans.add(otlp ? countOtlp(body.result()) : countZipkinJson(body.result()));
                    request.response().setStatusCode(otlp ? 200 : 202).end();
                }));
    }

    static SpanSink start() {
        SpanSink sink = new SpanSink();
        CompletableFuture<HttpServer> listening = sink.server.listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture();
        try {
            listening.get(30, TimeUnit.SECONDS);
            return sink;
        } catch (Exception e) {
            sink.close();
            throw new IllegalStateException("the span sink did not start", e);
        }
    }

    /** The base URL an OTLP exporter that appends {@code /v1/traces} itself is given (Quarkus's own). */
    String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    /** The OTLP traces endpoint, full URL ({@code otel.exporter.otlp.traces.endpoint} of the OpenTelemetry SDK). */
    String otlpEndpoint() {
        return "http://127.0.0.1:" + server.actualPort() + OTLP_PATH;
    }

    /** Zipkin's span endpoint ({@code orderflow.tracing.zipkin-endpoint}). */
    String zipkinEndpoint() {
        return "http://127.0.0.1:" + server.actualPort() + ZIPKIN_PATH;
    }

    long spans() {
        return spans.sum();
    }

    long batches() {
        return batches.sum();
    }

    static long countZipkinJson(Buffer body) {
        long n = 0;
        int last = body.length() - SPAN_FIELD.length;
        for (int i = 0; i <= last; i++) {
            if (matchesAt(body, i)) {
                n++;
                i += SPAN_FIELD.length - 1;
            }
        }
        return n;
    }

    private static boolean matchesAt(Buffer body, int at) {
        for (int j = 0; j < SPAN_FIELD.length; j++) {
            if (body.getByte(at + j) != SPAN_FIELD[j]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The spans of an OTLP {@code ExportTraceServiceRequest}: its resource_spans (field 1) hold scope_spans (field 2),
     * which hold spans (field 2).
     */
    static long countOtlp(Buffer body) {
        long n = 0;
        for (Field resource : new Fields(body, 0, body.length())) {
            if (resource.number() == 1) {
                for (Field scope : new Fields(body, resource.start(), resource.end())) {
                    if (scope.number() == 2) {
                        for (Field span : new Fields(body, scope.start(), scope.end())) {
                            n += span.number() == 2 ? 1 : 0;
                        }
                    }
                }
            }
        }
        return n;
    }

    /** A length-delimited protobuf field: its number and where its bytes are. */
    private record Field(int number, int start, int end) {
    }

    /** The length-delimited fields of a protobuf message between two offsets; other wire types are skipped. */
    private record Fields(Buffer body, int from, int to) implements Iterable<Field> {

        @Override
        public Iterator<Field> iterator() {
            List<Field> fields = new ArrayList<>();
            int[] at = {from};
            while (at[0] < to) {
                long tag = varint(body, at);
                switch ((int) (tag & 7)) {
                    case 0 -> varint(body, at);
                    case 1 -> at[0] += 8;
                    case 5 -> at[0] += 4;
                    case 2 -> {
                        int length = (int) varint(body, at);
                        fields.add(new Field((int) (tag >>> 3), at[0], at[0] + length));
                        at[0] += length;
                    }
                    default -> throw new IllegalArgumentException("unexpected wire type " + (tag & 7) + " at " + at[0]);
                }
            }
            return fields.iterator();
        }
    }

    private static long varint(Buffer body, int[] at) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = body.getByte(at[0]++);
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
