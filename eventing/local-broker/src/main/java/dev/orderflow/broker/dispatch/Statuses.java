package dev.orderflow.broker.dispatch;

import static io.netty.handler.codec.http.HttpResponseStatus.CONFLICT;
import static io.netty.handler.codec.http.HttpResponseStatus.INTERNAL_SERVER_ERROR;
import static io.netty.handler.codec.http.HttpResponseStatus.MULTIPLE_CHOICES;
import static io.netty.handler.codec.http.HttpResponseStatus.NOT_FOUND;
import static io.netty.handler.codec.http.HttpResponseStatus.OK;
import static io.netty.handler.codec.http.HttpResponseStatus.REQUEST_TIMEOUT;
import static io.netty.handler.codec.http.HttpResponseStatus.TOO_MANY_REQUESTS;

import java.util.Set;

/** How the Knative Kafka broker's dispatcher reads a subscriber's status code. */
final class Statuses {

    /** The client errors it retries, besides every 5xx: the subscriber may not be there yet, or be busy. */
    private static final Set<Integer> RETRYABLE_CLIENT_ERRORS = Set.of(NOT_FOUND.code(), REQUEST_TIMEOUT.code(),
            CONFLICT.code(), TOO_MANY_REQUESTS.code());

    private Statuses() {
    }

    static boolean isSuccess(int status) {
        return status >= OK.code() && status < MULTIPLE_CHOICES.code();
    }

    static boolean isRetryable(int status) {
        return status >= INTERNAL_SERVER_ERROR.code() || RETRYABLE_CLIENT_ERRORS.contains(status);
    }
}
