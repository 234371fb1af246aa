package dev.orderflow.function.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real HTTP endpoint that takes OTLP/HTTP exports, for tests that check spans leave the process when an endpoint
 * is configured. Points the function at itself with {@code otel.exporter.otlp.endpoint}.
 */
public class OtlpReceiver implements QuarkusTestResourceLifecycleManager {

    /** One export request: its path, content type and body (protobuf; span names appear in it as UTF-8). */
    public record Export(String path, String contentType, byte[] body) {

        public boolean mentions(String text) {
            return new String(body, StandardCharsets.ISO_8859_1).contains(
                    new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        }
    }

    private static final List<Export> EXPORTS = new CopyOnWriteArrayList<>();
    private HttpServer server;

    public static List<Export> exports() {
        return EXPORTS;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            EXPORTS.add(new Export(exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        return Map.of("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
