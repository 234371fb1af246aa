package dev.orderflow.broker.dispatch;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The only part of the dispatcher that speaks HTTP: one client for every Trigger, and an {@link EventSender} per
 * destination that posts an event in binary content mode, as the Knative dispatcher does, with {@code Prefer: reply},
 * {@code Kn-Namespace} and the dispatch span's {@code traceparent}.
 */
public final class CloudEventSender implements AutoCloseable {

    private final WebClient client;

    public CloudEventSender(Vertx vertx) {
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(200)
                .setConnectTimeout(2000)
                .setIdleTimeout(10)
                .setDecompressionSupported(false)
                .setUserAgent("orderflow-local-broker"));
    }

    /** Sends to {@code target}, each attempt given {@code timeout}, on behalf of a Trigger in {@code namespace}. */
    public EventSender to(URI target, Duration timeout, String namespace) {
        return new EventSender() {
            @Override
            public CompletableFuture<Response> send(CloudEvent event, Map<String, String> trace) {
                return post(target, timeout, namespace, event, trace);
            }

            @Override
            public String destination() {
                return target.toString();
            }
        };
    }

    private CompletableFuture<EventSender.Response> post(URI target, Duration timeout, String namespace,
            CloudEvent event, Map<String, String> trace) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        Buffer[] body = { Buffer.buffer() };
        HttpMessageFactory.createWriter(headers::add, bytes -> body[0] = bytes == null ? Buffer.buffer()
                : Buffer.buffer(bytes)).writeBinary(event);
        trace.forEach(headers::set);
        headers.set("Prefer", "reply");
        headers.set("Kn-Namespace", namespace);
        CompletableFuture<EventSender.Response> result = new CompletableFuture<>();
        client.postAbs(target.toString())
                .putHeaders(headers)
                .timeout(timeout.toMillis())
                .sendBuffer(body[0])
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        Buffer answer = ar.result().body();
                        result.complete(new EventSender.Response(ar.result().statusCode(), ar.result().headers(),
                                answer == null ? null : answer.getBytes()));
                    } else {
                        result.completeExceptionally(ar.cause());
                    }
                });
        return result;
    }

    @Override
    public void close() {
        client.close();
    }
}
