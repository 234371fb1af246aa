package dev.orderflow.bench;

import java.util.logging.Level;
import java.util.logging.Logger;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * The ceiling of one instance: raw Vert.x taking the same request a function takes (read the whole body, answer 200
 * with a small JSON body), with as many event loops as Quarkus gives a function (twice the cores). What a function
 * reaches of this is what Funqy, CloudEvents parsing, the logic and tracing cost. {@code java ...
 * dev.orderflow.bench.RawServer <port>}.
 */
public final class RawServer extends AbstractVerticle {

    private static final String REPLY = "{\"status\":\"ok\"}";

    private final int port;

    private RawServer(int port) {
        this.port = port;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int eventLoops = 2 * Runtime.getRuntime().availableProcessors();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        vertx.deployVerticle(() -> new RawServer(port), new DeploymentOptions().setInstances(eventLoops))
                .onFailure(e -> {
                    Logger.getLogger(RawServer.class.getName()).log(Level.SEVERE, "the raw Vert.x server did not start", e);
                    System.exit(1);
                });
    }

    @Override
    public void start(Promise<Void> started) {
        vertx.createHttpServer()
                .requestHandler(request -> request.body().onComplete(body -> {
                    if (body.failed()) {
                        request.response().setStatusCode(400).end();
                        return;
                    }
                    request.response().setStatusCode(200).putHeader("content-type", "application/json").end(REPLY);
                }))
                .listen(port, "127.0.0.1")
                .<Void>mapEmpty()
                .onComplete(started);
    }
}
