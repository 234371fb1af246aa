package dev.orderflow.broker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;

/** Which answers the dispatcher retries and which count as delivered, as the Knative Kafka broker decides. */
class RecordDispatcherTest {

    /** A response that knows only its status code. */
    @SuppressWarnings("unchecked")
    private static HttpResponse<Buffer> response(int status) {
        return (HttpResponse<Buffer>) Proxy.newProxyInstance(HttpResponse.class.getClassLoader(),
                new Class<?>[] { HttpResponse.class }, (proxy, method, args) -> switch (method.getName()) {
                    case "statusCode" -> status;
                    case "toString" -> "HttpResponse(" + status + ")";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @ParameterizedTest
    @ValueSource(ints = { 500, 502, 503, 504, 404, 408, 409, 429 })
    void shouldRetryServerErrorsAndTheTransientClientErrors(int status) {
        assertThat(RecordDispatcher.isRetryable(response(status), null)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 401, 403, 405, 413, 415, 422 })
    void shouldNotRetryOtherClientErrors(int status) {
        assertThat(RecordDispatcher.isRetryable(response(status), null)).isFalse();
    }

    @Test
    void shouldRetryAConnectionFailureWithoutResponse() {
        assertThat(RecordDispatcher.isRetryable(null, new ConnectException("Connection refused"))).isTrue();
    }

    @Test
    void shouldRetryATimeoutWithoutResponse() {
        assertThat(RecordDispatcher.isRetryable(null, new TimeoutException("no answer within PT10S"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = { 200, 201, 202, 204, 299 })
    void shouldCountEvery2xxAsSuccess(int status) {
        assertThat(RecordDispatcher.isSuccess(status)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = { 100, 199, 300, 302, 400, 404, 500 })
    void shouldNotCountAnythingElseAsSuccess(int status) {
        assertThat(RecordDispatcher.isSuccess(status)).isFalse();
    }
}
