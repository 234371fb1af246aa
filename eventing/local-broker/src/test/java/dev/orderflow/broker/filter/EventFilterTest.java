package dev.orderflow.broker.filter;

import static dev.orderflow.manifest.ManifestFixtures.BROKER;
import static dev.orderflow.manifest.ManifestFixtures.CONFIG_MAP;
import static dev.orderflow.manifest.ManifestFixtures.TRIGGER_BASICS;
import static dev.orderflow.manifest.ManifestFixtures.build;
import static dev.orderflow.manifest.ManifestFixtures.trigger;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.sql.Parser;

/** The Knative Kafka broker's filter semantics: attributes and extensions compared as strings, case-sensitive names. */
class EventFilterTest {

    private static final String PLACED = "dev.orderflow.order.placed.v1";

    /** An order.placed event with a subject, a time, a string extension and an integer extension. */
    private static CloudEventBuilder placed() {
        return CloudEventBuilder.v1()
                .withId("e-1")
                .withSource(URI.create("/orderflow/orders"))
                .withType(PLACED)
                .withSubject("order-42")
                .withTime(OffsetDateTime.parse("2024-05-01T08:00:00Z"))
                .withExtension("orderid", "42")
                .withExtension("attempt", 3);
    }

    private static final CloudEvent EVENT = placed().build();

    private static EventFilter cesql(String expression) {
        return new EventFilter.Cesql(expression, Parser.parseDefault(expression));
    }

    @Nested
    class Attributes {

        @Test
        void shouldMatchWhenEveryAttributeEqualsItsValue() {
            assertThat(new EventFilter.Attributes(Map.of("type", PLACED, "orderid", "42")).test(EVENT)).isTrue();
        }

        @Test
        void shouldNotMatchWhenOneAttributeDiffers() {
            assertThat(new EventFilter.Attributes(Map.of("type", PLACED, "orderid", "43")).test(EVENT)).isFalse();
        }

        @Test
        void shouldNotMatchWhenAnAttributeIsMissing() {
            assertThat(new EventFilter.Attributes(Map.of("tenant", "acme")).test(EVENT)).isFalse();
        }

        @Test
        void shouldMatchAnyValueEvenAnAbsentOneWhenTheFilterValueIsEmpty() {
            assertThat(new EventFilter.Attributes(Map.of("subject", "", "tenant", "")).test(EVENT)).isTrue();
        }

        @Test
        void shouldMatchEveryEventWithoutAttributes() {
            assertThat(new EventFilter.Attributes(Map.of()).test(EVENT)).isTrue();
        }
    }

    @Nested
    class Exact {

        @Test
        void shouldMatchAnEqualType() {
            assertThat(new EventFilter.Exact(Map.of("type", PLACED)).test(EVENT)).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = { "dev.orderflow.order.placed", "DEV.ORDERFLOW.ORDER.PLACED.V1", PLACED + " " })
        void shouldNotMatchAnyOtherType(String type) {
            assertThat(new EventFilter.Exact(Map.of("type", type)).test(EVENT)).isFalse();
        }

        @Test
        void shouldNeverMatchAMissingAttribute() {
            assertThat(new EventFilter.Exact(Map.of("tenant", "acme")).test(EVENT)).isFalse();
            assertThat(new EventFilter.Exact(Map.of("subject", "order-42")).test(placed().withSubject(null).build()))
                    .isFalse();
        }

        @Test
        void shouldLookUpExtensions() {
            assertThat(new EventFilter.Exact(Map.of("orderid", "42")).test(EVENT)).isTrue();
        }

        @Test
        void shouldCompareANonStringExtensionByItsStringForm() {
            assertThat(new EventFilter.Exact(Map.of("attempt", "3")).test(EVENT)).isTrue();
        }

        @Test
        void shouldTreatAttributeNamesAsCaseSensitive() {
            assertThat(new EventFilter.Exact(Map.of("Type", PLACED)).test(EVENT)).isFalse();
            assertThat(new EventFilter.Exact(Map.of("OrderId", "42")).test(EVENT)).isFalse();
        }

        @Test
        void shouldCompareTheSourceUriAsAString() {
            assertThat(new EventFilter.Exact(Map.of("source", "/orderflow/orders")).test(EVENT)).isTrue();
        }

        @Test
        void shouldCompareTheSpecVersionAsAString() {
            assertThat(new EventFilter.Exact(Map.of("specversion", "1.0")).test(EVENT)).isTrue();
        }

        @Test
        void shouldCompareTheTimeAsAnIsoOffsetDateTimeString() {
            assertThat(new EventFilter.Exact(Map.of("time", "2024-05-01T08:00:00Z")).test(EVENT)).isTrue();
        }

        @Test
        void shouldCompareATimeWithAnOffsetAsTheUtcInstantTheKafkaBrokerRenders() {
            CloudEvent event = CloudEventBuilder.v1(EVENT).withTime(OffsetDateTime.parse("2024-05-01T10:00:00.5+02:00"))
                    .build();
            assertThat(new EventFilter.Exact(Map.of("time", "2024-05-01T08:00:00.500Z")).test(event)).isTrue();
        }
    }

    @Nested
    class PrefixAndSuffix {

        @Test
        void shouldMatchAPrefixOfTheType() {
            assertThat(new EventFilter.Prefix(Map.of("type", "dev.orderflow.order.")).test(EVENT)).isTrue();
            assertThat(new EventFilter.Prefix(Map.of("type", "dev.orderflow.payment.")).test(EVENT)).isFalse();
        }

        @Test
        void shouldMatchASuffixOfTheType() {
            assertThat(new EventFilter.Suffix(Map.of("type", ".placed.v1")).test(EVENT)).isTrue();
            assertThat(new EventFilter.Suffix(Map.of("type", ".placed.v2")).test(EVENT)).isFalse();
        }

        @Test
        void shouldMatchPrefixAndSuffixOfContextAttributesAndExtensions() {
            assertThat(new EventFilter.Prefix(Map.of("source", "/orderflow")).test(EVENT)).isTrue();
            assertThat(new EventFilter.Prefix(Map.of("time", "2024-05-01")).test(EVENT)).isTrue();
            assertThat(new EventFilter.Suffix(Map.of("orderid", "2")).test(EVENT)).isTrue();
        }

        @Test
        void shouldNeverMatchAMissingAttribute() {
            assertThat(new EventFilter.Prefix(Map.of("tenant", "a")).test(EVENT)).isFalse();
            assertThat(new EventFilter.Suffix(Map.of("tenant", "a")).test(EVENT)).isFalse();
            assertThat(new EventFilter.Prefix(Map.of("dataschema", "http")).test(EVENT)).isFalse();
        }

        @Test
        void shouldTreatAttributeNamesAsCaseSensitive() {
            assertThat(new EventFilter.Prefix(Map.of("Type", "dev.")).test(EVENT)).isFalse();
            assertThat(new EventFilter.Suffix(Map.of("TYPE", ".v1")).test(EVENT)).isFalse();
        }
    }

    @Nested
    class AllAnyNot {

        private final EventFilter matching = new EventFilter.Exact(Map.of("type", PLACED));
        private final EventFilter failing = new EventFilter.Exact(Map.of("type", "other"));

        @Test
        void shouldMatchAllOnlyWhenEveryFilterMatches() {
            assertThat(new EventFilter.All(List.of(matching, matching)).test(EVENT)).isTrue();
            assertThat(new EventFilter.All(List.of(matching, failing)).test(EVENT)).isFalse();
        }

        @Test
        void shouldMatchEveryEventWithAnEmptyAll() {
            assertThat(EventFilter.ANY_EVENT.test(EVENT)).isTrue();
        }

        @Test
        void shouldMatchAnyWhenOneFilterMatches() {
            assertThat(new EventFilter.Any(List.of(failing, matching)).test(EVENT)).isTrue();
            assertThat(new EventFilter.Any(List.of(failing, failing)).test(EVENT)).isFalse();
        }

        @Test
        void shouldInvertWithNot() {
            assertThat(new EventFilter.Not(matching).test(EVENT)).isFalse();
            assertThat(new EventFilter.Not(failing).test(EVENT)).isTrue();
        }
    }

    @Nested
    class Cesql {

        @ParameterizedTest
        @ValueSource(strings = {
                "type = 'dev.orderflow.order.placed.v1'",
                "type LIKE 'dev.orderflow.%' AND subject = 'order-42'",
                "attempt = 3",
                "EXISTS orderid AND NOT EXISTS tenant",
        })
        void shouldMatchWhenTheExpressionIsTrue(String expression) {
            assertThat(cesql(expression).test(EVENT)).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = { "type = 'other'", "attempt > 3", "EXISTS tenant" })
        void shouldNotMatchWhenTheExpressionIsFalse(String expression) {
            assertThat(cesql(expression).test(EVENT)).isFalse();
        }

        /** The evaluation fails: a missing extension, a type error, a division by zero. */
        @ParameterizedTest
        @ValueSource(strings = { "tenant = 'acme'", "NOT (tenant = 'acme')", "type + 1 = 1", "1 / 0 = 0" })
        void shouldNotMatchWhenTheEvaluationFails(String expression) {
            assertThat(cesql(expression).test(EVENT)).isFalse();
        }

        @Test
        void shouldNotMatchWhenTheExpressionIsNotBoolean() {
            assertThat(cesql("type").test(EVENT)).isFalse();
        }
    }

    /** The filter of a Trigger's {@code spec.filters} and {@code spec.filter.attributes} (TriggerFilters). */
    @Nested
    class FromTriggerSpecFilters {

        private final EventFilter filter = filterOf(TRIGGER_BASICS + """
                filters:
                  - prefix:
                      type: dev.orderflow.
                  - any:
                      - exact:
                          type: dev.orderflow.order.placed.v1
                      - suffix:
                          type: .refunded.v1
                  - not:
                      exact:
                        subject: order-0
                  - cesql: "orderid = '42'"
                """);

        @Test
        void shouldBuildOneFilterPerDialectUnderAnAll() {
            assertThat(filter).isInstanceOf(EventFilter.All.class);
            assertThat(((EventFilter.All) filter).filters()).extracting(Object::getClass).containsExactly(
                    EventFilter.Prefix.class, EventFilter.Any.class, EventFilter.Not.class, EventFilter.Cesql.class);
        }

        @Test
        void shouldMatchAnEventThatPassesEveryFilter() {
            assertThat(filter.test(EVENT)).isTrue();
            assertThat(filter.test(placed().withType("dev.orderflow.payment.refunded.v1").build())).isTrue();
        }

        @Test
        void shouldNotMatchAnEventThatFailsOneFilter() {
            assertThat(filter.test(placed().withType("dev.orderflow.payment.authorized.v1").build())).isFalse();
            assertThat(filter.test(placed().withSubject("order-0").build())).isFalse();
            assertThat(filter.test(placed().withExtension("orderid", "43").build())).isFalse();
        }

        @Test
        void shouldNotMatchAnEventOnWhichTheCesqlFilterFails() {
            CloudEvent withoutOrderId = CloudEventBuilder.v1(EVENT).withoutExtension("orderid").build();

            assertThat(filter.test(withoutOrderId)).isFalse();
        }

        @Test
        void shouldMatchEveryEventWhenATriggerHasNoFilter() {
            assertThat(filterOf(TRIGGER_BASICS)).isEqualTo(EventFilter.ANY_EVENT);
        }

        @Test
        void shouldPreferSpecFiltersOverFilterAttributes() {
            EventFilter both = filterOf(TRIGGER_BASICS + """
                    filter:
                      attributes:
                        type: from.attributes
                    filters:
                      - exact:
                          type: from.filters
                    """);

            assertThat(both).isInstanceOf(EventFilter.All.class);
            assertThat(both.test(placed().withType("from.filters").build())).isTrue();
            assertThat(both.test(placed().withType("from.attributes").build())).isFalse();
        }

        @Test
        void shouldMatchFilterAttributesWhenThereAreNoSpecFilters() {
            assertThat(filterOf(TRIGGER_BASICS + """
                    filter:
                      attributes:
                        type: dev.orderflow.order.placed.v1
                    """)).isEqualTo(new EventFilter.Attributes(Map.of("type", "dev.orderflow.order.placed.v1")));
        }

        private static EventFilter filterOf(String triggerSpec) {
            return TriggerFilters.of(build(CONFIG_MAP, BROKER, trigger(triggerSpec)).triggers().get(0));
        }
    }
}
