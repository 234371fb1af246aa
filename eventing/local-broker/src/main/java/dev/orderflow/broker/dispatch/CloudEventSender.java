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
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The only part of the dispatcher that speaks HTTP: posts an event in binary content mode, as the Knative dispatcher
 * does, with {@code Prefer: reply} and the dispatch span's {@code traceparent}.
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

    public CompletableFuture<HttpResponse<Buffer>> send(URI target, CloudEvent event, Map<String, String> headers,
            Duration timeout) {
        MultiMap requestHeaders = MultiMap.caseInsensitiveMultiMap();
        Buffer[] body = { Buffer.buffer() };
        HttpMessageFactory.createWriter(requestHeaders::add, bytes -> body[0] = bytes == null ? Buffer.buffer()
                : Buffer.buffer(bytes)).writeBinary(event);
        headers.forEach(requestHeaders::set);
        CompletableFuture<HttpResponse<Buffer>> result = new CompletableFuture<>();
        client.postAbs(target.toString())
                .putHeaders(requestHeaders)
                .timeout(timeout.toMillis())
                .sendBuffer(body[0])
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        result.complete(ar.result());
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
