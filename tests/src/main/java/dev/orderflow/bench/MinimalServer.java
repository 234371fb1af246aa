package dev.orderflow.bench;

import java.util.logging.Level;
import java.util.logging.Logger;

import io.vertx.core.Vertx;

/**
 * The floor of a cold start: the least a JVM must do to answer HTTP with Vert.x (the server inside every Quarkus
 * function). Answers 200 to any request. {@code java ... dev.orderflow.bench.MinimalServer <port>}.
 */
public final class MinimalServer {

    private MinimalServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx.vertx().createHttpServer()
                .requestHandler(request -> request.response().setStatusCode(200).end())
                .listen(port, "127.0.0.1")
                .onFailure(e -> {
                    Logger.getLogger(MinimalServer.class.getName()).log(Level.SEVERE, "the minimal Vert.x server did not start", e);
                    System.exit(1);
                });
    }
}
