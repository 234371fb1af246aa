package dev.orderflow.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.HdrHistogram.Histogram;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * A closed-loop HTTP load generator: {@code concurrency} requests in flight over keep-alive connections, each one
 * sent as soon as the previous answer on its chain came back, so the figures are what the server can take at that
 * concurrency. Everything runs on one Vert.x event loop: on 2 cores the client competes with the server for CPU, and
 * one thread keeps its share small and its clock reading cheap.
 */
final class LoadClient implements AutoCloseable {

    private static final long REQUEST_TIMEOUT_MS = 10_000;

    /** What a load run measured: the answers inside the measured window, and their latency in microseconds. */
    record Result(long ok, long errors, double seconds, Histogram latencyMicros, String firstError) {

        double perSecond() {
            return ok / seconds;
        }

        double p50Millis() {
            return latencyMicros.getValueAtPercentile(50) / 1000.0;
        }

        double p99Millis() {
            return latencyMicros.getValueAtPercentile(99) / 1000.0;
        }
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1));

    /** Load for {@code warmup + measure}; only answers completed within the last {@code measure} count. */
    Result run(int port, List<Samples.Sample> samples, int concurrency, Duration warmup, Duration measure) {
        Loop loop = new Loop(port, samples, concurrency, Long.MAX_VALUE, warmup.toNanos(), measure.toNanos());
        return loop.await(warmup.plus(measure).plusSeconds(30));
    }

    /** Exactly {@code count} requests, all of them counted: a warm-up or a training workload. */
    Result send(int port, List<Samples.Sample> samples, int concurrency, long count) {
        Loop loop = new Loop(port, samples, concurrency, count, 0, Long.MAX_VALUE / 4);
        return loop.await(Duration.ofMinutes(5));
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null)
                .join();
    }

    /** One run; all its state is touched on the client's single event loop only. */
    private final class Loop {

        private final List<Samples.Sample> samples;
        private final List<Buffer> bodies;
        private final int concurrency;
        private final long maxRequests;
        private final long warmupNanos;
        private final long measureNanos;
        private final HttpClient client;
        private final Histogram histogram = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        private final CompletableFuture<Result> done = new CompletableFuture<>();
        private final String idPrefix = "bench-" + Long.toHexString(System.nanoTime()) + "-";
        private long windowStart;
        private long windowEnd;
        private long sent;
        private long inFlight;
        private long ok;
        private long errors;
        private String firstError;
        private boolean stopping;

        Loop(int port, List<Samples.Sample> samples, int concurrency, long maxRequests, long warmupNanos,
                long measureNanos) {
            this.samples = List.copyOf(samples);
            this.bodies = samples.stream().map(s -> Buffer.buffer(s.json())).toList();
            this.concurrency = concurrency;
            this.maxRequests = maxRequests;
            this.warmupNanos = warmupNanos;
            this.measureNanos = measureNanos;
            this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                    .setDefaultPort(port).setKeepAlive(true).setPipelining(false),
                    new PoolOptions().setHttp1MaxSize(concurrency));
            vertx.runOnContext(v -> start());
        }

        private void start() {
            windowStart = System.nanoTime() + warmupNanos;
            windowEnd = windowStart + measureNanos;
            if (maxRequests == Long.MAX_VALUE) {
                vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(warmupNanos + measureNanos)), id -> stopping = true);
            }
            for (int i = 0; i < concurrency; i++) {
                next();
            }
        }

        private void next() {
            if (stopping || sent >= maxRequests) {
                if (inFlight == 0 && !done.isDone()) {
                    finish();
                }
                return;
            }
            int which = (int) (sent % samples.size());
            String id = idPrefix + sent;
            sent++;
            inFlight++;
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/")
                    .setIdleTimeout(REQUEST_TIMEOUT_MS);
            Map<String, String> headers = Samples.headers(samples.get(which), id);
            headers.forEach(options::putHeader);
            long started = System.nanoTime();
            client.request(options)
                    .compose(request -> request.send(bodies.get(which)))
                    .compose(response -> response.body().map(body -> response.statusCode()))
                    .onComplete(answer -> {
                        long ended = System.nanoTime();
                        inFlight--;
                        boolean success = answer.succeeded() && answer.result() == 200;
                        if (!success) {
                            errors++;
                            if (firstError == null) {
                                firstError = answer.succeeded() ? "HTTP " + answer.result() : String.valueOf(answer.cause());
                            }
                        } else if (ended >= windowStart && ended <= windowEnd) {
                            ok++;
                            histogram.recordValue(Math.min(histogram.getHighestTrackableValue(),
                                    Math.max(1, (ended - started) / 1000)));
                        }
                        next();
                    });
        }

        private void finish() {
            long end = Math.min(System.nanoTime(), windowEnd);
            double seconds = Math.max(1e-9, (end - windowStart) / 1e9);
            client.close();
            done.complete(new Result(ok, errors, seconds, histogram, firstError));
        }

        Result await(Duration timeout) {
            try {
                return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("the load run did not finish within " + timeout, e);
            }
        }
    }
}
