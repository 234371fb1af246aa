package dev.orderflow.bench;

import java.util.logging.Level;
import java.util.logging.Logger;

import io.vertx.core.Vertx;

/**
 * The floor of a cold start: the least a JVM must do to answer HTTP with Vert.x (the server inside every Quarkus
 * function). Answers 200 to any request. {@code java ... dev.orderflow.bench.MinimalServer <port> [host]}: on loopback
 * unless a host is given (0.0.0.0 in a container).
 */
public final class MinimalServer {

    private MinimalServer() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        String host = args.length > 1 ? args[1] : "127.0.0.1";
        Vertx.vertx().createHttpServer()
                .requestHandler(request -> request.response().setStatusCode(200).end())
                .listen(port, host)
                .onFailure(e -> {
                    Logger.getLogger(MinimalServer.class.getName()).log(Level.SEVERE, "the minimal Vert.x server did not start", e);
                    System.exit(1);
                });
    }
}
