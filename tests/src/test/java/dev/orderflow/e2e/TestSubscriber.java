package dev.orderflow.e2e;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A real HTTP subscriber for the broker to deliver to, with a behaviour per path, that remembers every request it
 * got. Paths: {@code /ok/<name>} 202; {@code /reply} 200 with a reply event; {@code /flaky} 503 with
 * {@code Retry-After: 5} for the first two attempts of an event, then 202; {@code /later} 503 with
 * {@code Retry-After: 30} for the first attempt, then 202; {@code /poison} 400 with a body and a {@code kne-reason}
 * header; {@code /down} always 503; {@code /seq/<name>} 202 after a random delay of up to 20 ms.
 */
public final class TestSubscriber implements AutoCloseable {

    public static final String REPLY_TYPE = "dev.orderflow.test.replied.v1";
    public static final String POISON_BODY = "{\"error\":\"amount must be positive\"}";

    /** One request as received. */
    public record Received(String path, String id, String type, String subject, Instant at,
            Map<String, String> headers) {
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

    public TestSubscriber() {
        try {
            server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test subscriber", e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            Map<String, String> headers = new ConcurrentHashMap<>();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            String id = request.getHeader("ce-id");
            String path = request.path();
            received.add(new Received(path, id, request.getHeader("ce-type"), request.getHeader("ce-subject"),
                    Instant.now(), headers));
            var response = request.response();
            if (path.startsWith("/ok/")) {
                response.setStatusCode(202).end();
            } else if (path.equals("/reply")) {
                response.setStatusCode(200)
                        .putHeader("ce-specversion", "1.0").putHeader("ce-id", "reply-" + id)
                        .putHeader("ce-source", "/tests/replier").putHeader("ce-type", REPLY_TYPE)
                        .putHeader("ce-subject", request.getHeader("ce-subject"))
                        .putHeader("Content-Type", "application/json").end("{\"replyTo\":\"" + id + "\"}");
            } else if (path.equals("/flaky")) {
                int attempt = attempts.merge(id, 1, Integer::sum);
                response.setStatusCode(attempt <= 2 ? 503 : 202).putHeader("Retry-After", "5").end();
            } else if (path.equals("/later")) {
                int attempt = attempts.merge(id, 1, Integer::sum);
                response.setStatusCode(attempt <= 1 ? 503 : 202).putHeader("Retry-After", "30").end();
            } else if (path.equals("/poison")) {
                response.setStatusCode(400).putHeader("kne-reason", "validation").end(POISON_BODY);
            } else if (path.equals("/down")) {
                response.setStatusCode(503).end("unavailable");
            } else if (path.startsWith("/seq/")) {
                vertx.setTimer(1 + ThreadLocalRandom.current().nextInt(20), t -> response.setStatusCode(202).end());
            } else {
                response.setStatusCode(404).end();
            }
        });
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> at(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        vertx.close();
    }
}
