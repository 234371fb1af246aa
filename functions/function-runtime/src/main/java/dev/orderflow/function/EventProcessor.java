package dev.orderflow.function;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.semconv.incubating.CloudeventsIncubatingAttributes;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventBuilder;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;

import dev.orderflow.events.EventCatalog;
import dev.orderflow.events.Extensions;
import dev.orderflow.events.OrderEvent;
import dev.orderflow.http.EventException;
import dev.orderflow.http.TraceContexts;
import dev.orderflow.http.EventIds;

/**
 * Turns one incoming CloudEvent into the reply event around a function's plain logic: checks the data, continues
 * the trace, and builds a reply that is the same on every redelivery.
 *
 * <p>Trace context comes from the W3C {@code traceparent} HTTP header (a broker's dispatch) or, when there is none,
 * from the CloudEvent's {@code traceparent} extension (an event posted by hand or read from Kafka). The span follows
 * the OpenTelemetry CloudEvents conventions and its context becomes the reply's {@code traceparent}.
 */
@ApplicationScoped
public class EventProcessor {

    private static final Logger LOG = Logger.getLogger(EventProcessor.class);
    static final String SPEC_VERSION = "1.0";
    static final String REPLY_TYPE_ATTRIBUTE = "orderflow.reply.type";

    private final Tracer tracer;
    private final CurrentVertxRequest currentRequest;

    public EventProcessor(Tracer tracer, CurrentVertxRequest currentRequest) {
        this.tracer = tracer;
        this.currentRequest = currentRequest;
    }

    /**
     * Runs {@code logic} on the event's data and returns the reply event, emitted with {@code source}.
     *
     * @throws EventException 400 when the data lacks a required field; whatever {@code logic} throws otherwise
     */
    public <T extends OrderEvent> CloudEvent<Object> process(CloudEvent<T> in, String source,
            Function<? super T, NextEvent> logic) {
        T data = in.data();
        if (data == null) {
            throw EventException.invalidEvent("data is missing: a " + in.type() + " event carries a JSON object");
        }
        List<String> missing = data.missingFields();
        if (!missing.isEmpty()) {
            throw EventException.missingData(in.type(), missing);
        }
        Span span = tracer.spanBuilder("CloudEvents Process " + in.type())
                .setParent(parentContext(in))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(CloudeventsIncubatingAttributes.CLOUDEVENTS_EVENT_ID, in.id())
                .setAttribute(CloudeventsIncubatingAttributes.CLOUDEVENTS_EVENT_SOURCE, in.source())
                .setAttribute(CloudeventsIncubatingAttributes.CLOUDEVENTS_EVENT_TYPE, in.type())
                .setAttribute(CloudeventsIncubatingAttributes.CLOUDEVENTS_EVENT_SPEC_VERSION, in.specVersion())
                .setAttribute(CloudeventsIncubatingAttributes.CLOUDEVENTS_EVENT_SUBJECT, subjectOf(in, data))
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            NextEvent next = logic.apply(data);
            span.setAttribute(REPLY_TYPE_ATTRIBUTE, next.type());
            if (currentRequest.getCurrent() != null) {
                currentRequest.getCurrent().put(CloudEventGate.REPLY_TYPE_KEY, next.type());
            }
            LOG.debugf("event=%s id=%s order=%s reply=%s", in.type(), in.id(), data.orderId(), next.type());
            return reply(in, source, next, Context.current());
        } catch (EventException e) {
            span.setStatus(StatusCode.ERROR, e.getMessage());
            throw e;
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    private static CloudEvent<Object> reply(CloudEvent<?> in, String source, NextEvent next, Context traced) {
        String orderId = next.data().orderId();
        Map<String, String> extensions = new HashMap<>(TraceContexts.inject(traced));
        extensions.put(Extensions.PARTITION_KEY, orderId);
        return CloudEventBuilder.create()
                .specVersion(SPEC_VERSION)
                .id(EventIds.derive(in.source(), in.id(), next.type()))
                .type(next.type())
                .source(source)
                .subject(orderId)
                .dataSchema(EventCatalog.schemaOf(next.type()))
                .time(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS))
                .extensions(extensions)
                .build((Object) next.data());
    }

    /** The context the gate checked (the request's header, else the event's extension), or the extension's. */
    private Context parentContext(CloudEvent<?> in) {
        Context checked = currentRequest.getCurrent() == null ? null
                : currentRequest.getCurrent().get(CloudEventGate.PARENT_CONTEXT_KEY);
        if (checked != null) {
            return checked;
        }
        Map<String, String> extensions = in.extensions();
        return TraceContexts.extract(extensions.get(Extensions.TRACEPARENT), extensions.get(Extensions.TRACESTATE));
    }

    private static String subjectOf(CloudEvent<?> in, OrderEvent data) {
        return in.subject() != null ? in.subject() : data.orderId();
    }
}
