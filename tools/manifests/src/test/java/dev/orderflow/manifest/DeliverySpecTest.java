package dev.orderflow.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The backoff before each retry (n is 1-based, as the Knative Kafka dispatcher counts) and the delivery merge. */
class DeliverySpecTest {

    private static final Duration DELAY = Duration.ofMillis(200);
    private static final Destination SINK = new Destination(null, "http://dead-letters");

    @ParameterizedTest(name = "retry {0}: linear {1} ms, exponential {2} ms")
    @CsvSource({
            "1, 200, 400",
            "2, 400, 800",
            "3, 600, 1600",
            "5, 1000, 6400",
    })
    void shouldWaitDelayTimesNWhenLinearAndDelayTimesTwoToTheNWhenExponential(int n, long linear, long exponential) {
        assertThat(BackoffPolicy.LINEAR.delayBeforeRetry(DELAY, n)).isEqualTo(Duration.ofMillis(linear));
        assertThat(BackoffPolicy.EXPONENTIAL.delayBeforeRetry(DELAY, n)).isEqualTo(Duration.ofMillis(exponential));
    }

    @Test
    void shouldWaitTwiceTheDelayBeforeTheFirstExponentialRetry() {
        assertThat(BackoffPolicy.EXPONENTIAL.delayBeforeRetry(Duration.ofSeconds(1), 1)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void shouldParseTheTwoKnativePolicyNames() {
        assertThat(BackoffPolicy.parse("linear")).isEqualTo(BackoffPolicy.LINEAR);
        assertThat(BackoffPolicy.parse("exponential")).isEqualTo(BackoffPolicy.EXPONENTIAL);
    }

    @ParameterizedTest
    @ValueSource(strings = { "Linear", "EXPONENTIAL", "fibonacci", "" })
    void shouldRefuseAnyOtherPolicyName(String name) {
        assertThatThrownBy(() -> BackoffPolicy.parse(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldComputeTheDelayBeforeRetryWithItsOwnPolicyAndDelay() {
        DeliverySpec linear = new DeliverySpec(5, BackoffPolicy.LINEAR, DELAY, null, null, null);
        DeliverySpec exponential = new DeliverySpec(5, BackoffPolicy.EXPONENTIAL, DELAY, null, null, null);

        assertThat(linear.delayBeforeRetry(3)).isEqualTo(Duration.ofMillis(600));
        assertThat(exponential.delayBeforeRetry(3)).isEqualTo(Duration.ofMillis(1600));
    }

    /** Knative's delivery-retryafter: opt-in through retryAfterMax, for 429 and 503 only, capped, never shorter. */
    @Nested
    class RetryAfterHeaders {

        static final Instant NOW = Instant.parse("2026-11-30T08:00:00Z");
        static final DeliverySpec WITHOUT_MAX = new DeliverySpec(10, BackoffPolicy.LINEAR, DELAY, null, null, null);
        static final DeliverySpec WITH_MAX = new DeliverySpec(10, BackoffPolicy.LINEAR, DELAY, null,
                Duration.ofSeconds(30), null);

        @Test
        void shouldWaitAsLongAsTheSubscriberAsksUpToTheMaximum() {
            assertThat(WITH_MAX.delayBeforeRetry(1, 503, "5", NOW)).isEqualTo(Duration.ofSeconds(5));
            assertThat(WITH_MAX.delayBeforeRetry(1, 429, "5", NOW)).isEqualTo(Duration.ofSeconds(5));
            assertThat(WITH_MAX.delayBeforeRetry(1, 503, "3600", NOW)).isEqualTo(Duration.ofSeconds(30));
        }

        @Test
        void shouldReadAnHttpDate() {
            assertThat(WITH_MAX.delayBeforeRetry(1, 503, "Mon, 30 Nov 2026 08:00:12 GMT", NOW))
                    .isEqualTo(Duration.ofSeconds(12));
        }

        @Test
        void shouldNeverWaitLessThanTheBackoff() {
            assertThat(WITH_MAX.delayBeforeRetry(9, 503, "1", NOW)).isEqualTo(DELAY.multipliedBy(9));
            assertThat(WITH_MAX.delayBeforeRetry(2, 503, "Mon, 30 Nov 2026 07:59:00 GMT", NOW)).isEqualTo(DELAY.multipliedBy(2));
        }

        @ParameterizedTest
        @ValueSource(strings = { "soon", "-5", "", "1.5" })
        void shouldTakeWhatDoesNotParseAsNoWait(String value) {
            assertThat(WITH_MAX.delayBeforeRetry(1, 503, value, NOW)).isEqualTo(DELAY);
        }

        @Test
        void shouldIgnoreRetryAfterWithoutAMaximumOrOnOtherStatuses() {
            assertThat(WITHOUT_MAX.delayBeforeRetry(1, 503, "20", NOW)).isEqualTo(DELAY);
            assertThat(WITH_MAX.delayBeforeRetry(1, 500, "20", NOW)).isEqualTo(DELAY);
            assertThat(WITH_MAX.delayBeforeRetry(1, null, "20", NOW)).as("no response").isEqualTo(DELAY);
            DeliverySpec off = new DeliverySpec(10, BackoffPolicy.LINEAR, DELAY, null, Duration.ZERO, null);
            assertThat(off.delayBeforeRetry(1, 503, "20", NOW)).as("PT0S turns it off").isEqualTo(DELAY);
        }

        @Test
        void shouldTakeTheMaximumOfTheBrokerUnlessTheTriggerSetsOne() {
            DeliverySpec trigger = new DeliverySpec(3, null, null, null, null, null);
            assertThat(trigger.over(WITH_MAX).retryAfterMax()).isEqualTo(Duration.ofSeconds(30));
            DeliverySpec own = new DeliverySpec(3, null, null, null, Duration.ofSeconds(5), null);
            assertThat(own.over(WITH_MAX).retryAfterMax()).isEqualTo(Duration.ofSeconds(5));
        }
    }

    @Test
    void shouldTakeTheBrokersDeliveryWhenTheTriggerHasNone() {
        DeliverySpec broker = new DeliverySpec(5, BackoffPolicy.LINEAR, DELAY, Duration.ofSeconds(10), null, SINK);

        assertThat(DeliverySpec.NONE.over(broker)).isEqualTo(broker);
    }

    @Test
    void shouldTakeEachFieldTheTriggerSetsAndTheBrokersForTheRest() {
        DeliverySpec broker = new DeliverySpec(5, BackoffPolicy.EXPONENTIAL, DELAY, Duration.ofSeconds(10), null, SINK);
        DeliverySpec trigger = new DeliverySpec(null, BackoffPolicy.LINEAR, null, Duration.ofSeconds(3), null, null);

        assertThat(trigger.over(broker))
                .isEqualTo(new DeliverySpec(5, BackoffPolicy.LINEAR, DELAY, Duration.ofSeconds(3), null, SINK));
    }

    @Test
    void shouldBackOffExponentiallyWhenTheTriggerHasADeliveryWithoutPolicy() {
        DeliverySpec broker = new DeliverySpec(5, BackoffPolicy.LINEAR, DELAY, null, null, null);
        DeliverySpec trigger = new DeliverySpec(1, null, null, null, null, null);

        assertThat(trigger.over(broker).backoffPolicy()).isEqualTo(BackoffPolicy.EXPONENTIAL);
    }

    @Test
    void shouldTakeTheBrokersRetryWhenTheTriggerSetsZeroAsTheKafkaBrokerDoes() {
        DeliverySpec broker = new DeliverySpec(5, BackoffPolicy.LINEAR, DELAY, null, null, null);
        DeliverySpec trigger = new DeliverySpec(0, BackoffPolicy.LINEAR, null, null, null, null);

        assertThat(trigger.over(broker).retry()).isEqualTo(5);
    }

    @Test
    void shouldFillUnsetFieldsWithTheDataPlaneDefaults() {
        assertThat(DeliverySpec.NONE.withDefaults()).isEqualTo(new DeliverySpec(0, BackoffPolicy.EXPONENTIAL,
                Duration.ofSeconds(1), Duration.ofMinutes(10), null, null));
    }

    @Test
    void shouldKeepFieldsThatAreSetWhenFillingDefaults() {
        DeliverySpec set = new DeliverySpec(3, BackoffPolicy.LINEAR, DELAY, Duration.ofSeconds(3), null, SINK);

        assertThat(set.withDefaults()).isEqualTo(set);
    }

    @Test
    void shouldTreatAZeroTimeoutAsUnset() {
        assertThat(new DeliverySpec(null, null, null, Duration.ZERO, null, null).withDefaults().timeout())
                .isEqualTo(Duration.ofMinutes(10));
    }
}
