package dev.orderflow.http;

import java.util.Map;

import io.vertx.core.http.HttpServerRequest;

/**
 * The request limit Vert.x lacks: it bounds the size of the header lines ({@code quarkus.http.limits.max-header-size})
 * but not their number, and a request with thousands of tiny headers costs a map entry each. Both the functions and
 * the local broker's ingress check it, with the same JSON 431.
 */
public final class RequestLimits {

    /** The property both read the limit from. */
    public static final String MAX_HEADER_COUNT = "orderflow.http.max-header-count";

    private final int maxHeaderCount;

    public RequestLimits(int maxHeaderCount) {
        this.maxHeaderCount = maxHeaderCount;
    }

    /** 431 when the request carries more header fields than the limit; a repeated name counts each time. */
    public void check(HttpServerRequest request) {
        int count = 0;
        for (Map.Entry<String, String> ignored : request.headers()) {
            count++;
        }
        if (count > maxHeaderCount) {
            throw EventException.tooManyHeaders(count, maxHeaderCount, MAX_HEADER_COUNT);
        }
    }

    public int maxHeaderCount() {
        return maxHeaderCount;
    }
}
