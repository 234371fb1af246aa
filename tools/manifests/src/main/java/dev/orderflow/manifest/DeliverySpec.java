package dev.orderflow.manifest;

import java.time.Duration;
import java.time.Instant;

/**
 * {@code spec.delivery} of a Broker or Trigger. Unset fields are {@code null}; {@link #over} fills a Trigger's from
 * its Broker's, then {@link #withDefaults} from the data plane's defaults.
 */
public record DeliverySpec(Integer retry, BackoffPolicy backoffPolicy, Duration backoffDelay, Duration timeout,
        Duration retryAfterMax, Destination deadLetterSink) {

    public static final DeliverySpec NONE = new DeliverySpec(null, null, null, null, null, null);

    /** No retries unless configured, as in Knative. */
    public static final int DEFAULT_RETRY = 0;
    /** The Kafka broker controller's default backoff delay. */
    public static final Duration DEFAULT_BACKOFF_DELAY = Duration.ofSeconds(1);
    /** The Kafka broker dispatcher's per-attempt timeout when none is set. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    /**
     * A Trigger's delivery merged over its Broker's, field by field, as the Kafka broker's control plane merges
     * them: the backoff policy is the Trigger's (or exponential) as soon as the Trigger has a delivery at all, and a
     * retry of 0 counts as unset there (the contract's retry is a plain integer), so the Broker's applies.
     */
    public DeliverySpec over(DeliverySpec broker) {
        if (equals(NONE)) {
            return broker;
        }
        return new DeliverySpec(
                retry != null && retry != 0 ? retry : broker.retry,
                backoffPolicy != null ? backoffPolicy : BackoffPolicy.EXPONENTIAL,
                backoffDelay != null ? backoffDelay : broker.backoffDelay,
                timeout != null ? timeout : broker.timeout,
                retryAfterMax != null ? retryAfterMax : broker.retryAfterMax,
                deadLetterSink != null ? deadLetterSink : broker.deadLetterSink);
    }

    /** This delivery with the data plane's defaults where nothing is set. */
    public DeliverySpec withDefaults() {
        return new DeliverySpec(
                retry != null ? retry : DEFAULT_RETRY,
                backoffPolicy != null ? backoffPolicy : BackoffPolicy.EXPONENTIAL,
                backoffDelay != null ? backoffDelay : DEFAULT_BACKOFF_DELAY,
                timeout != null && !timeout.isZero() ? timeout : DEFAULT_TIMEOUT,
                retryAfterMax,
                deadLetterSink);
    }

    /** The wait before retry {@code n} (1-based). */
    public Duration delayBeforeRetry(int n) {
        return backoffPolicy.delayBeforeRetry(backoffDelay, n);
    }

    /**
     * The wait before retry {@code n} after a response with {@code status} and {@code retryAfter} (its Retry-After
     * header, or {@code null}), as Knative's delivery-retryafter feature has it (eventing pkg/kncloudevents): for a 429
     * or 503, the larger of the backoff and the Retry-After (delay-seconds or an HTTP-date), capped at
     * {@code retryAfterMax}; without a {@code retryAfterMax} (the feature is opt-in) Retry-After is not respected,
     * and {@code PT0S} turns it off.
     */
    public Duration delayBeforeRetry(int n, Integer status, String retryAfter, Instant now) {
        Duration backoff = delayBeforeRetry(n);
        if (retryAfterMax == null || status == null || (status != 429 && status != 503)) {
            return backoff;
        }
        Duration asked = RetryAfter.parse(retryAfter, now);
        Duration capped = asked.compareTo(retryAfterMax) > 0 ? retryAfterMax : asked;
        return capped.compareTo(backoff) > 0 ? capped : backoff;
    }
}
