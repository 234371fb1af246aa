package dev.orderflow.manifest;

import java.time.Duration;

/** How the wait grows between retries, as Knative defines it for {@code delivery.backoffPolicy}. */
public enum BackoffPolicy {

    /** {@code backoffDelay * n} before retry n (n = 1, 2, ...). */
    LINEAR,
    /** {@code backoffDelay * 2^n} before retry n (n = 1, 2, ...). */
    EXPONENTIAL;

    public Duration delayBeforeRetry(Duration backoffDelay, int retry) {
        long base = backoffDelay.toMillis();
        long millis = this == LINEAR ? base * retry : base * (1L << Math.min(retry, 30));
        return Duration.ofMillis(millis);
    }

    public static BackoffPolicy parse(String value) {
        return switch (value) {
            case "linear" -> LINEAR;
            case "exponential" -> EXPONENTIAL;
            default -> throw new IllegalArgumentException(value);
        };
    }
}
