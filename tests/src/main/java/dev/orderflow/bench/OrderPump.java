package dev.orderflow.bench;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Order;
import dev.orderflow.testing.Event;
import dev.orderflow.testing.Orders;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Posts {@code order.placed} events to the broker's ingress at a fixed rate, open loop: orders go out on schedule
 * whether or not earlier ones were answered, as shoppers do. A timer every few milliseconds sends what the rate says
 * is due, so the rate holds even when a tick comes late. One in twenty orders is rejected, one declined and one
 * runs out of stock after payment (then refunded); the rest complete.
 */
final class OrderPump implements AutoCloseable {

    /** Beyond this many unanswered posts the ingress is not keeping up: further orders are skipped and counted. */
    private static final int MAX_IN_FLIGHT = 4096;
    private static final long TICK_MS = 2;
    private static final String ID = "ORDER_ID_PLACEHOLDER";

    private enum Outcome {
        COMPLETED, REJECTED, DECLINED, OUT_OF_STOCK
    }

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
            .setInternalBlockingPoolSize(1));
    private final HttpClient client;
    private final String path;
    /** The JSON of each outcome's order with a placeholder id, so that an order costs a string replace, not Jackson. */
    private final List<String> templates;
    private OrderRun run;
    private double ratePerSecond;
    private double credit;
    private long lastTickNanos;
    private long sequence;
    private long inFlight;
    private long timer = -1;

    OrderPump(String ingress) {
        URI uri = URI.create(ingress);
        this.path = uri.getPath();
        // Idle connections are closed here before the broker's 30 s idle timeout can close one under a new post.
        this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(uri.getHost())
                .setDefaultPort(uri.getPort()).setKeepAlive(true).setKeepAliveTimeout(10).setPipelining(false),
                new PoolOptions().setHttp1MaxSize(256).setMaxWaitQueueSize(-1));
        Order order = Orders.valid(ID);
        this.templates = List.of(
                json(order),
                json(Orders.shippedTo(order, "XX", "10117")),
                json(Orders.paidWith(order, "tok_declined")),
                json(Orders.withLines(order, List.of(Orders.line("SOLD-OUT", 1, "10.00")))));
    }

    private static String json(Order order) {
        return Event.json(order).toString();
    }

    /** Starts posting the orders of {@code run} at {@code rate} per second. */
    void start(OrderRun run, double rate) {
        vertx.runOnContext(v -> {
            this.run = run;
            this.ratePerSecond = rate;
            this.credit = 0;
            this.sequence = 0;
            this.lastTickNanos = System.nanoTime();
            this.timer = vertx.setPeriodic(TICK_MS, id -> tick());
        });
    }

    /** Posts the first order of {@code run} (one that completes) now, outside any rate. */
    void once(OrderRun run) {
        vertx.runOnContext(v -> post(run, 0));
    }

    /** Changes the rate from now on (find-the-maximum steps). */
    void rate(double rate) {
        vertx.runOnContext(v -> ratePerSecond = rate);
    }

    /** Stops posting; posts already sent still get their answers counted. */
    void stop() {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
            stopped.complete(null);
        });
        stopped.orTimeout(10, TimeUnit.SECONDS).join();
    }

    private void tick() {
        long now = System.nanoTime();
        credit += ratePerSecond * (now - lastTickNanos) / 1e9;
        lastTickNanos = now;
        while (credit >= 1) {
            credit -= 1;
            if (inFlight >= MAX_IN_FLIGHT) {
                run.skipped.incrementAndGet();
                continue;
            }
            post(run, sequence++);
        }
    }

    private void post(OrderRun run, long n) {
        String orderId = run.tag() + n;
        Outcome outcome = outcome(n);
        Buffer body = Buffer.buffer(templates.get(outcome.ordinal()).replace(ID, orderId));
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setURI(path).setIdleTimeout(30_000)
                .putHeader("ce-specversion", "1.0")
                .putHeader("ce-id", orderId + "-placed")
                .putHeader("ce-source", Samples.SOURCE)
                .putHeader("ce-type", EventTypes.ORDER_PLACED)
                .putHeader("ce-subject", orderId)
                .putHeader("ce-partitionkey", orderId)
                .putHeader("traceparent", traceparent())
                .putHeader("content-type", "application/json");
        run.posted(orderId);
        inFlight++;
        client.request(request)
                .compose(r -> r.send(body))
                .compose(response -> response.body().map(b -> response.statusCode()))
                .onComplete(answer -> {
                    inFlight--;
                    if (answer.succeeded() && answer.result() == 202) {
                        run.accepted(orderId, System.currentTimeMillis());
                    } else {
                        run.refused(orderId, answer.succeeded() ? "HTTP " + answer.result() : String.valueOf(answer.cause()));
                    }
                });
    }

    /** Seventeen in twenty complete; one each is rejected, declined, and cancelled after a refund. */
    private static Outcome outcome(long n) {
        return switch ((int) (n % 20)) {
            case 5 -> Outcome.REJECTED;
            case 10 -> Outcome.DECLINED;
            case 15 -> Outcome.OUT_OF_STOCK;
            default -> Outcome.COMPLETED;
        };
    }

    private static String traceparent() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("00-%016x%016x-%016x-01", random.nextLong(), random.nextLong(), random.nextLong() | 1);
    }

    @Override
    public void close() {
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
    }
}
