package dev.orderflow.broker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.sql.Parser;

import dev.orderflow.broker.filter.EventFilter;

/** A filter decides the same on a record's headers as on the event decoded from it. */
class RecordAttributesTest {

    private static final CloudEvent EVENT = CloudEventBuilder.v1()
            .withId("e-1")
            .withSource(URI.create("/orderflow/orders"))
            .withType("dev.orderflow.order.placed.v1")
            .withSubject("order-42")
            .withTime(OffsetDateTime.parse("2024-05-01T10:00:00+02:00"))
            .withDataSchema(URI.create("https://orderflow.dev/schemas/placed"))
            .withDataContentType("application/json")
            .withExtension("partitionkey", "order-42")
            .withExtension("attempt", 3)
            .withData("{\"orderId\":\"order-42\"}".getBytes(StandardCharsets.UTF_8))
            .build();

    private static final ConsumerRecord<String, byte[]> RECORD = consumed(
            KafkaMessageFactory.createWriter("orders", "order-42").writeBinary(EVENT));

    private static final CloudEvent DECODED = KafkaMessageFactory.createReader(RECORD).toEvent();

    private static ConsumerRecord<String, byte[]> consumed(ProducerRecord<String, byte[]> produced) {
        return new ConsumerRecord<>(produced.topic(), 0, 7, 0, TimestampType.CREATE_TIME, 0, 0, produced.key(),
                produced.value(), new RecordHeaders(produced.headers().toArray()), Optional.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = { "specversion", "id", "source", "type", "subject", "time", "dataschema",
            "datacontenttype", "partitionkey", "attempt", "tenant" })
    void shouldGiveEveryAttributeAndExtensionAsTheDecodedEventDoes(String name) {
        assertThat(EventFilter.attribute(RecordAttributes.of(RECORD), name)).isEqualTo(EventFilter.attribute(DECODED, name));
    }

    @Test
    void shouldNameTheSameAttributesAndExtensions() {
        RecordAttributes attributes = RecordAttributes.of(RECORD);

        assertThat(attributes.getAttributeNames()).containsExactlyInAnyOrderElementsOf(DECODED.getAttributeNames());
        assertThat(attributes.getExtensionNames()).containsExactlyInAnyOrderElementsOf(DECODED.getExtensionNames());
    }

    @Test
    void shouldDecideEveryKindOfFilterAsOnTheDecodedEvent() {
        List<EventFilter> filters = List.of(
                new EventFilter.Exact(Map.of("type", "dev.orderflow.order.placed.v1")),
                new EventFilter.Exact(Map.of("type", "dev.orderflow.order.paid.v1")),
                new EventFilter.Attributes(Map.of("source", "/orderflow/orders", "partitionkey", "order-42")),
                new EventFilter.Prefix(Map.of("time", "2024-05-01T08")),
                new EventFilter.Suffix(Map.of("dataschema", "/placed")),
                new EventFilter.Not(new EventFilter.Exact(Map.of("tenant", "acme"))),
                cesql("type LIKE 'dev.orderflow.order.%' AND attempt = 3"),
                cesql("EXISTS subject AND NOT EXISTS tenant"),
                cesql("time > '2024-01-01T00:00:00Z'"));

        for (EventFilter filter : filters) {
            assertThat(filter.test(RecordAttributes.of(RECORD))).as("%s", filter).isEqualTo(filter.test(DECODED));
        }
    }

    @Test
    void shouldLeaveARecordWithoutSpecversionToTheFullDecoding() {
        ConsumerRecord<String, byte[]> structured = consumed(new ProducerRecord<>("orders", null, "order-42",
                "{}".getBytes(StandardCharsets.UTF_8), new RecordHeaders().add("content-type",
                        "application/cloudevents+json".getBytes(StandardCharsets.UTF_8))));

        assertThat(RecordAttributes.of(structured)).isNull();
    }

    private static EventFilter cesql(String expression) {
        return new EventFilter.Cesql(expression, Parser.parseDefault(expression));
    }
}
