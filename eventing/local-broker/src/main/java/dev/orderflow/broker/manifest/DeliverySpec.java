package dev.orderflow.broker.manifest;

import java.time.Duration;

/**
 * {@code spec.delivery} of a Broker or Trigger. Unset fields are {@code null}; {@link #over} fills a Trigger's from
 * its Broker's, then {@link #withDefaults} from the data plane's defaults.
 */
public record DeliverySpec(Integer retry, BackoffPolicy backoffPolicy, Duration backoffDelay, Duration timeout,
        Destination deadLetterSink) {

    public static final DeliverySpec NONE = new DeliverySpec(null, null, null, null, null);

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
                deadLetterSink != null ? deadLetterSink : broker.deadLetterSink);
    }

    /** This delivery with the data plane's defaults where nothing is set. */
    public DeliverySpec withDefaults() {
        return new DeliverySpec(
                retry != null ? retry : DEFAULT_RETRY,
                backoffPolicy != null ? backoffPolicy : BackoffPolicy.EXPONENTIAL,
                backoffDelay != null ? backoffDelay : DEFAULT_BACKOFF_DELAY,
                timeout != null && !timeout.isZero() ? timeout : DEFAULT_TIMEOUT,
                deadLetterSink);
    }

    /** The wait before retry {@code n} (1-based). */
    public Duration delayBeforeRetry(int n) {
        return backoffPolicy.delayBeforeRetry(backoffDelay, n);
    }
}
