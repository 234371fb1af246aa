package dev.orderflow.local;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.orderflow.events.EventTypes;

/**
 * Posts sample orders to a broker's ingress as a shop would (binary mode, a fresh trace) and reads an order's events
 * back from the local broker's event log.
 */
public final class OrderClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration POLL = Duration.ofMillis(100);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String ingress;

    public OrderClient(String ingress) {
        this.ingress = ingress;
    }

    /** A new order id, {@code order-<8 hex digits>}. */
    public static String newOrderId() {
        return "order-" + hex(4);
    }

    /**
     * Posts an {@code order.placed} that ends in {@code outcome}, as {@code bearer} when given; the response's status
     * and body.
     */
    public HttpResponse<String> post(String orderId, String outcome, Optional<String> bearer) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ingress)).timeout(Duration.ofSeconds(10))
                .header("ce-specversion", "1.0")
                .header("ce-id", orderId + "-placed")
                .header("ce-source", "/orderflow/run.sh")
                .header("ce-type", EventTypes.ORDER_PLACED)
                .header("ce-subject", orderId)
                .header("ce-partitionkey", orderId)
                .header("traceparent", "00-" + hex(16) + "-" + hex(8) + "-01")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SampleOrders.data(orderId, outcome)));
        bearer.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The event log of {@code subject}: {@code GET <ingress>/events?subject=...}. */
    public JsonNode events(String subject) throws IOException {
        URI uri = URI.create(ingress + "/events?subject=" + URLEncoder.encode(subject, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("the broker answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The order's event log once it holds the terminal event; the last one read when {@code timeout} runs out. */
    public JsonNode awaitEnd(String orderId, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode log = events(orderId);
        while (!OrderChain.ended(log) && System.nanoTime() < deadline) {
            Thread.sleep(POLL.toMillis());
            log = events(orderId);
        }
        return log;
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
