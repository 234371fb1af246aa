package dev.orderflow.function.testing;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import dev.orderflow.testing.Event;
import dev.orderflow.testing.Mode;
import dev.orderflow.testing.Reply;
import dev.orderflow.testing.Traceparents;

/**
 * Trace continuity through one function, checked on the spans it records: the trace continues from the W3C
 * {@code traceparent} header or, without one, from the CloudEvent extension; the span is named for the event type,
 * carries the CloudEvents attributes, and is the parent that the reply's {@code traceparent} names.
 */
public abstract class FunctionTracingTest {

    @Inject
    InMemorySpanExporter spans;

    protected abstract Event validEvent();

    @BeforeEach
    void forgetEarlierSpans() {
        spans.reset();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void shouldContinueTheTraceOfTheTraceparentExtension(Mode mode) {
        String traceparent = Traceparents.random();
        Event event = validEvent().traceparent(traceparent);
        Reply reply = event.post(mode);

        SpanData span = awaitSpanOf(event);
        assertEquals(Traceparents.traceId(traceparent), span.getTraceId());
        assertEquals(Traceparents.parentId(traceparent), span.getParentSpanId());
        assertEquals(span.getSpanId(), Traceparents.parentId(reply.traceparent()), "reply names the span as parent");
        assertEquals(span.getTraceId(), Traceparents.traceId(reply.traceparent()));
    }

    @Test
    void shouldPreferTheTraceparentHeaderOverTheExtension() {
        String header = Traceparents.random();
        Event event = validEvent().traceparent(Traceparents.random()).header("traceparent", header);
        Reply reply = event.post(Mode.BINARY);

        SpanData span = awaitSpanOf(event);
        assertEquals(Traceparents.traceId(header), span.getTraceId());
        assertEquals(Traceparents.parentId(header), span.getParentSpanId());
        assertEquals(Traceparents.traceId(header), Traceparents.traceId(reply.traceparent()));
    }

    @Test
    void shouldCarryTracestateToTheReply() {
        Event event = validEvent().traceparent(Traceparents.random()).attribute("tracestate", "vendor=abc");
        Reply reply = event.post(Mode.BINARY);
        assertEquals("vendor=abc", reply.attribute("tracestate"));
    }

    @Test
    void shouldStartATraceWhenTheEventCarriesNone() {
        Event event = validEvent();
        Reply reply = event.post(Mode.BINARY);

        SpanData span = awaitSpanOf(event);
        assertFalse(span.getParentSpanContext().isValid(), "a root span");
        assertEquals(span.getTraceId(), Traceparents.traceId(reply.traceparent()));
    }

    @Test
    void shouldRecordTheCloudEventsAttributesOnTheSpan() {
        Event event = validEvent().subject("subject-1").traceparent(Traceparents.random());
        Reply reply = event.post(Mode.STRUCTURED);

        SpanData span = awaitSpanOf(event);
        assertEquals(SpanKind.CONSUMER, span.getKind());
        assertEquals(200, reply.status(), reply.body());
        assertTrue(span.getName().startsWith("CloudEvents Process dev.orderflow."), span.getName());
        assertEquals(event.id(), attribute(span, "cloudevents.event_id"));
        assertEquals("/tests", attribute(span, "cloudevents.event_source"));
        assertEquals("subject-1", attribute(span, "cloudevents.event_subject"));
        assertEquals("1.0", attribute(span, "cloudevents.event_spec_version"));
        assertEquals(span.getName(), "CloudEvents Process " + attribute(span, "cloudevents.event_type"));
        assertEquals(reply.type(), attribute(span, "orderflow.reply.type"));
    }

    private SpanData awaitSpanOf(Event event) {
        await().atMost(Duration.ofSeconds(10)).until(() -> spanOf(event) != null);
        return spanOf(event);
    }

    private SpanData spanOf(Event event) {
        List<SpanData> finished = spans.getFinishedSpanItems();
        return finished.stream()
                .filter(s -> event.id().equals(attribute(s, "cloudevents.event_id")))
                .findFirst().orElse(null);
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }
}
