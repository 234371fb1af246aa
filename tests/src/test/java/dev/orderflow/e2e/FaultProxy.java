package dev.orderflow.e2e;

import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;

/**
 * A real HTTP hop between the broker and one function that a test can make misbehave: pass everything through, answer
 * 503 (the function's dependency is down), or hang (accept the request and never answer, past the broker's delivery
 * timeout). When the function itself is gone, the proxy drops the connection, as a dead process would.
 */
final class FaultProxy implements AutoCloseable {

    enum Mode {
        PASS,
        UNAVAILABLE,
        HANG
    }

    private final HttpClient client;
    private final HttpServer server;
    private final int upstreamPort;
    private volatile Mode mode = Mode.PASS;

    FaultProxy(Vertx vertx, int upstreamPort) {
        this.upstreamPort = upstreamPort;
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(50));
        try {
            this.server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the proxy", e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            switch (mode) {
                case UNAVAILABLE -> request.response().setStatusCode(503).end("{\"message\":\"dependency down\"}");
                case HANG -> {
                    // never answers: the broker's timeout ends the attempt and closes the connection
                }
                default -> client.request(new RequestOptions().setMethod(request.method()).setHost("127.0.0.1")
                        .setPort(upstreamPort).setURI(request.uri()).setHeaders(request.headers()))
                        .compose(upstream -> upstream.send(body))
                        .onSuccess(upstream -> upstream.body().onSuccess(answer -> {
                            var response = request.response().setStatusCode(upstream.statusCode());
                            response.headers().setAll(upstream.headers());
                            response.end(answer);
                        }))
                        .onFailure(gone -> request.connection().close());
            }
        });
    }

    @Override
    public void close() {
        server.close();
        client.close();
    }
}
