package dev.orderflow.broker.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.orderflow.broker.dispatch.Settlement;

class EventLogTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void followsASubjectInTheOrderKafkaStoredItsEvents() {
        EventLog log = new EventLog(100);
        store(log, "e2", "/shop", "order.validated", "order-1", 2);
        store(log, "e1", "/shop", "order.placed", "order-1", 1);
        store(log, "e3", "/shop", "order.placed", "order-2", 3);
        log.settled(event("e1", "/shop", "order-1"), settlement("order.validated"));

        List<EventLog.Entry> order1 = log.bySubject("order-1");
        assertEquals(List.of("e1", "e2"), order1.stream().map(EventLog.Entry::id).toList());
        assertEquals("order.validated", order1.get(0).deliveries().get(0).replyType());
        assertEquals(List.of("order-2", "order-1"), List.copyOf(log.recent(5).keySet()));
    }

    @Test
    void anEventIsItsSourceAndIdTogether() {
        EventLog log = new EventLog(100);
        store(log, "e1", "/a", "order.placed", "order-1", 1);
        store(log, "e1", "/b", "order.placed", "order-1", 2);
        assertEquals(List.of("/a", "/b"), log.bySubject("order-1").stream().map(EventLog.Entry::source).toList());
    }

    @Test
    void keepsTheNewestEventsUpToItsCapacity() {
        EventLog log = new EventLog(3);
        for (int i = 1; i <= 5; i++) {
            store(log, "e" + i, "/shop", "order.placed", "order-" + (i % 2), i);
        }
        assertEquals(List.of("e4"), log.bySubject("order-0").stream().map(EventLog.Entry::id).toList());
        assertEquals(List.of("e3", "e5"), log.bySubject("order-1").stream().map(EventLog.Entry::id).toList());
        store(log, "e6", "/shop", "order.placed", "order-2", 6);
        store(log, "e7", "/shop", "order.placed", "order-2", 7);
        assertEquals(List.of("e5"), log.bySubject("order-1").stream().map(EventLog.Entry::id).toList());
        assertEquals(List.of(), log.bySubject("order-0"));
    }

    @Test
    void sharesOneCopyOfTheNamesEveryEntryRepeats() {
        EventLog log = new EventLog(100);
        // Each decoded event brings its own copies; new String(...) stands for them.
        store(log, "e1", new String("/shop"), new String("order.placed"), new String("order-1"), 1);
        store(log, "e2", new String("/shop"), new String("order.placed"), new String("order-1"), 2);
        log.settled(event("e1", "/shop", "order-1"), settlement(new String("order.validated")));
        log.settled(event("e2", "/shop", "order-1"), settlement(new String("order.validated")));

        List<EventLog.Entry> entries = log.bySubject("order-1");
        EventLog.Entry first = entries.get(0);
        EventLog.Entry second = entries.get(1);
        assertSame(first.source(), second.source());
        assertSame(first.type(), second.type());
        assertSame(first.subject(), second.subject());
        assertSame(first.topic(), second.topic());
        assertSame(first.deliveries().get(0).replyType(), second.deliveries().get(0).replyType());
    }

    private static void store(EventLog log, String id, String source, String type, String subject, long offset) {
        log.stored(id, source, type, subject, null, T0.plusMillis(offset), null, new String("knative-broker-orders"), 0,
                offset, null);
    }

    private static CloudEvent event(String id, String source, String subject) {
        return CloudEventBuilder.v1().withId(id).withSource(URI.create(source)).withType("order.placed")
                .withSubject(subject).build();
    }

    private static Settlement settlement(String replyType) {
        return new Settlement("payment", "http://payment", Settlement.Outcome.REPLIED, 200, 1, 3, 0, T0, replyType);
    }
}
