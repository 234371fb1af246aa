package dev.orderflow.broker.dispatch;

import static io.netty.handler.codec.http.HttpResponseStatus.ACCEPTED;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import dev.orderflow.broker.dispatch.Settlement.Outcome;
import dev.orderflow.broker.filter.EventFilter;
import dev.orderflow.broker.filter.TriggerFilters;
import dev.orderflow.events.Extensions;
import dev.orderflow.http.TraceContexts;
import dev.orderflow.manifest.DeliverySpec;
import dev.orderflow.manifest.TriggerResource;

/**
 * Delivers one Kafka record to one Trigger's subscriber, as the Knative Kafka broker's dispatcher does: filter, send
 * ({@link EventSender}), retry 5xx, 404, 408, 409, 429 and failures without a response with the delivery's backoff,
 * put a reply back into the broker ({@link ReplyStore}), and dead-letter what cannot be delivered
 * ({@link DeadLetterSink}, {@link DeadLetters}). The returned future completes only once the record's fate is settled
 * and the {@link DeliveryListener} told, so the caller may then commit its offset: a reply or a dead letter is stored
 * again and again until Kafka holds it, and not at all once the broker stops (the record is then delivered again).
 */
public final class RecordDispatcher {

    private static final Logger LOG = Logger.getLogger(RecordDispatcher.class);
    /** A subscriber's answer without a reply, as the Knative dispatcher's "record produced". */
    private static final int RECORD_PRODUCED = ACCEPTED.code();
    private static final Duration FIRST_STORE_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_STORE_BACKOFF = Duration.ofSeconds(5);
    private static final CompletableFuture<Void> SETTLED = CompletableFuture.completedFuture(null);

    private final TriggerResource trigger;
    private final EventFilter filter;
    private final EventSender subscriber;
    private final Optional<DeadLetterSink> deadLetterSink;
    private final ReplyStore replies;
    private final DeliveryListener listener;
    private final Tracer tracer;
    private final Scheduler scheduler;
    private final BooleanSupplier running;

    public RecordDispatcher(TriggerResource trigger, EventSender subscriber, Optional<DeadLetterSink> deadLetterSink,
            ReplyStore replies, DeliveryListener listener, Tracer tracer, Scheduler scheduler, BooleanSupplier running) {
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        this.filter = TriggerFilters.of(trigger);
        this.subscriber = Objects.requireNonNull(subscriber, "subscriber");
        this.deadLetterSink = Objects.requireNonNull(deadLetterSink, "deadLetterSink");
        this.replies = Objects.requireNonNull(replies, "replies");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.running = Objects.requireNonNull(running, "running");
    }

    public CompletableFuture<Void> dispatch(ConsumerRecord<String, byte[]> record) {
        if (!mayMatch(record)) {
            listener.discarded(record);
            return SETTLED;
        }
        CloudEvent event;
        try {
            event = KafkaMessageFactory.createReader(record).toEvent();
        } catch (RuntimeException e) {
            // Only CloudEvents are written to a broker topic; anything else cannot be delivered to anyone.
            LOG.warnf("trigger=%s topic=%s partition=%d offset=%d skipped=\"not a CloudEvent: %s\"", trigger.name(),
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            listener.discarded(record);
            return SETTLED;
        }
        if (!filter.test(event)) {
            listener.discarded(record);
            return SETTLED;
        }
        Context parent = TraceContexts.extract(header(record, Extensions.TRACEPARENT), header(record, Extensions.TRACESTATE));
        Span span = tracer.spanBuilder("knative.dispatch " + trigger.name())
                .setParent(parent)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("cloudevents.event_id", event.getId())
                .setAttribute("cloudevents.event_type", event.getType())
                .setAttribute("knative.trigger", trigger.qualifiedName())
                .setAttribute("url.full", subscriber.destination())
                .startSpan();
        Delivery delivery = new Delivery(event, span, System.nanoTime());
        attempt(delivery);
        return delivery.settled;
    }

    /**
     * False when the Trigger's filter refuses the record on its headers alone, which spares decoding it; true when
     * it matches, or when only a full decoding can tell (then {@link #dispatch} decodes and filters again).
     */
    private boolean mayMatch(ConsumerRecord<String, byte[]> record) {
        RecordAttributes attributes = RecordAttributes.of(record);
        if (attributes == null) {
            return true;
        }
        try {
            return filter.test(attributes);
        } catch (RuntimeException malformed) {
            return true;
        }
    }

    /** The fate of one record: attempts so far, and the future its offset waits for. */
    private final class Delivery {
        final CloudEvent event;
        final Span span;
        final Map<String, String> trace;
        final long startedNanos;
        final CompletableFuture<Void> settled = new CompletableFuture<>();
        int attempts;
        long coldStartMillis;

        Delivery(CloudEvent event, Span span, long startedNanos) {
            this.event = event;
            this.span = span;
            this.trace = TraceContexts.inject(Context.root().with(span));
            this.startedNanos = startedNanos;
        }

        void settle(Outcome outcome, Integer status, String replyType) {
            span.setAttribute("knative.outcome", outcome.name());
            span.setAttribute("knative.attempts", attempts);
            if (status != null) {
                span.setAttribute("http.response.status_code", status);
            }
            if (outcome == Outcome.DEAD_LETTERED || outcome == Outcome.DROPPED) {
                span.setStatus(StatusCode.ERROR, outcome.name());
            }
            span.end();
            long millis = (System.nanoTime() - startedNanos) / 1_000_000;
            listener.settled(event, new Settlement(trigger.name(), subscriber.destination(), outcome, status, attempts,
                    millis, coldStartMillis, Instant.now(), replyType));
            settled.complete(null);
        }
    }

    private void attempt(Delivery d) {
        d.attempts++;
        subscriber.send(d.event, d.trace).whenComplete((response, error) -> {
            if (response != null && response.coldStartMillis() > 0) {
                d.coldStartMillis += response.coldStartMillis();
                d.span.setAttribute("knative.cold_start_ms", d.coldStartMillis);
            }
            afterAttempt(d, response, error);
        });
    }

    private void afterAttempt(Delivery d, EventSender.Response response, Throwable error) {
        DeliverySpec spec = trigger.delivery();
        if (error == null && Statuses.isSuccess(response.status())) {
            onSuccess(d, response);
        } else if ((error != null || Statuses.isRetryable(response.status())) && d.attempts <= spec.retry()
                && running.getAsBoolean()) {
            Duration delay = response == null ? spec.delayBeforeRetry(d.attempts)
                    : spec.delayBeforeRetry(d.attempts, response.status(), response.header("Retry-After"), Instant.now());
            LOG.debugf("trigger=%s event=%s attempt=%d status=%s retry_in_ms=%d", trigger.name(), d.event.getId(),
                    d.attempts, error == null ? response.status() : error.getClass().getSimpleName(), delay.toMillis());
            scheduler.schedule(delay, () -> attempt(d));
        } else {
            deadLetter(d, response, error);
        }
    }

    private void onSuccess(Delivery d, EventSender.Response response) {
        CloudEvent reply = null;
        if (response.status() != RECORD_PRODUCED) {
            try {
                reply = Replies.of(response);
            } catch (RuntimeException e) {
                // A 2xx whose body is not an event: the subscriber broke the contract (Knative dead-letters it).
                deadLetter(d, response, e);
                return;
            }
        }
        if (reply == null) {
            d.settle(Outcome.DELIVERED, response.status(), null);
            return;
        }
        CloudEvent stored = reply;
        // Storing the reply is a hop of its own in the order's trace, a child of the subscriber's span: the next
        // Trigger's dispatch continues from it, as a consumer from its producer.
        Map<String, String> parent = Replies.trace(stored, d.span);
        Span store = tracer.spanBuilder("knative.reply " + stored.getType())
                .setParent(TraceContexts.extract(parent.get(Extensions.TRACEPARENT), parent.get(Extensions.TRACESTATE)))
                .setSpanKind(SpanKind.PRODUCER)
                .setAttribute("cloudevents.event_id", stored.getId())
                .setAttribute("cloudevents.event_type", stored.getType())
                .setAttribute("knative.trigger", trigger.qualifiedName())
                .startSpan();
        Map<String, String> trace = TraceContexts.inject(Context.root().with(store));
        storeUntilAcked(() -> replies.store(stored, trace), "reply").thenRun(() -> {
            store.end();
            d.settle(Outcome.REPLIED, response.status(), stored.getType());
        });
    }

    private void deadLetter(Delivery d, EventSender.Response response, Throwable error) {
        Integer status = response == null ? null : response.status();
        if (deadLetterSink.isEmpty()) {
            LOG.warnf("trigger=%s event=%s attempts=%d status=%s dropped=\"no dead-letter sink\"", trigger.name(),
                    d.event.getId(), d.attempts, status);
            d.settle(Outcome.DROPPED, status, null);
            return;
        }
        DeadLetterSink sink = deadLetterSink.get();
        LOG.infof("trigger=%s event=%s attempts=%d status=%s dead_letter=%s", trigger.name(), d.event.getId(),
                d.attempts, status, sink.destination());
        if (response == null && error != null) {
            LOG.debugf("trigger=%s event=%s failure=%s", trigger.name(), d.event.getId(), error.toString());
        }
        CloudEvent dead = DeadLetters.of(d.event, subscriber.destination(), response);
        storeUntilAcked(() -> sink.store(dead, d.trace), "dead-letter")
                .thenRun(() -> d.settle(Outcome.DEAD_LETTERED, status, null));
    }

    /**
     * Runs {@code store} until it succeeds: a reply or a dead letter must not be lost to a Kafka hiccup, and the
     * record's offset is not committed before it is stored.
     */
    private CompletableFuture<Void> storeUntilAcked(Supplier<CompletableFuture<?>> store, String what) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        tryStore(store, what, stored, FIRST_STORE_BACKOFF);
        return stored;
    }

    private void tryStore(Supplier<CompletableFuture<?>> store, String what, CompletableFuture<Void> stored,
            Duration backoff) {
        store.get().whenComplete((ok, error) -> {
            if (error == null) {
                stored.complete(null);
            } else if (running.getAsBoolean()) {
                LOG.warnf("trigger=%s storing=%s failed=\"%s\" retry_in_ms=%d", trigger.name(), what, error.getMessage(),
                        backoff.toMillis());
                Duration next = backoff.multipliedBy(2).compareTo(MAX_STORE_BACKOFF) > 0 ? MAX_STORE_BACKOFF
                        : backoff.multipliedBy(2);
                scheduler.schedule(backoff, () -> tryStore(store, what, stored, next));
            }
        });
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
