package dev.orderflow.broker.dispatch;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;

import dev.orderflow.broker.activator.Activator;
import dev.orderflow.broker.kafka.EventPublisher;
import dev.orderflow.broker.log.EventLog;
import dev.orderflow.broker.log.EventLog.Outcome;
import dev.orderflow.broker.manifest.DeliverySpec;
import dev.orderflow.broker.manifest.TriggerResource;
import dev.orderflow.events.Extensions;
import dev.orderflow.http.CloudEventReader;
import dev.orderflow.http.TraceContexts;

/**
 * Delivers one Kafka record to one Trigger's subscriber, as the Knative Kafka broker's dispatcher does: filter, send
 * in binary mode, retry 5xx, 404, 408, 409, 429 and connection failures with the delivery's backoff, put a reply
 * back into the broker, and dead-letter what cannot be delivered with the {@code knativeerror*} extensions. The
 * returned future completes only once the record's fate is settled (delivered, replied and stored, or
 * dead-lettered), so the caller may then commit its offset.
 */
public final class RecordDispatcher {

    private static final Logger LOG = Logger.getLogger(RecordDispatcher.class);
    private static final int MAX_ERROR_DATA = 1024;
    private static final String KNE_PREFIX = "kne-";
    private static final Duration MAX_STORE_BACKOFF = Duration.ofSeconds(5);
    private static final CompletableFuture<Void> SETTLED = CompletableFuture.completedFuture(null);

    private final TriggerResource trigger;
    private final Target subscriber;
    private final Target deadLetterSink;
    private final String brokerTopic;
    private final CloudEventSender sender;
    private final EventPublisher publisher;
    private final EventLog log;
    private final Tracer tracer;
    private final Vertx vertx;
    private final Activator activator;
    private final BooleanSupplier running;

    public RecordDispatcher(TriggerResource trigger, Target subscriber, Target deadLetterSink, String brokerTopic,
            CloudEventSender sender, EventPublisher publisher, EventLog log, Tracer tracer, Vertx vertx,
            Activator activator, BooleanSupplier running) {
        this.trigger = trigger;
        this.subscriber = subscriber;
        this.deadLetterSink = deadLetterSink;
        this.brokerTopic = brokerTopic;
        this.sender = sender;
        this.publisher = publisher;
        this.log = log;
        this.tracer = tracer;
        this.vertx = vertx;
        this.activator = activator;
        this.running = running;
    }

    public CompletableFuture<Void> dispatch(ConsumerRecord<String, byte[]> record) {
        if (!mayMatch(record)) {
            return SETTLED;
        }
        CloudEvent event;
        try {
            event = KafkaMessageFactory.createReader(record).toEvent();
        } catch (RuntimeException e) {
            // Only CloudEvents are written to a broker topic; anything else cannot be delivered to anyone.
            LOG.warnf("trigger=%s topic=%s partition=%d offset=%d skipped=\"not a CloudEvent: %s\"", trigger.name(),
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return SETTLED;
        }
        if (!trigger.filter().test(event)) {
            return SETTLED;
        }
        Context parent = TraceContexts.extract(header(record, Extensions.TRACEPARENT), header(record, Extensions.TRACESTATE));
        Span span = tracer.spanBuilder("knative.dispatch " + trigger.name())
                .setParent(parent)
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("cloudevents.event_id", event.getId())
                .setAttribute("cloudevents.event_type", event.getType())
                .setAttribute("knative.trigger", trigger.qualifiedName())
                .setAttribute("url.full", subscriber.toString())
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
            return trigger.filter().test(attributes);
        } catch (RuntimeException malformed) {
            return true;
        }
    }

    /** The fate of one record: attempts so far, and the future its offset waits for. */
    private final class Delivery {
        final CloudEvent event;
        final Span span;
        final long startedNanos;
        final CompletableFuture<Void> settled = new CompletableFuture<>();
        int attempts;
        long coldStartMillis;

        Delivery(CloudEvent event, Span span, long startedNanos) {
            this.event = event;
            this.span = span;
            this.startedNanos = startedNanos;
        }

        void settle(Outcome outcome, Integer status, String replyType) {
            span.setAttribute("knative.outcome", outcome.name());
            if (outcome == Outcome.DEAD_LETTERED || outcome == Outcome.DROPPED) {
                span.setStatus(StatusCode.ERROR, outcome.name());
            }
            span.end();
            long millis = (System.nanoTime() - startedNanos) / 1_000_000;
            log.delivered(event.getId(), event.getSource().toString(), event.getSubject(),
                    new EventLog.Delivery(trigger.name(), subscriber.toString(), outcome, status, attempts, millis,
                            coldStartMillis, Instant.now(), replyType));
            settled.complete(null);
        }
    }

    private void attempt(Delivery d) {
        d.attempts++;
        URI target = ((Target.Http) subscriber).uri();
        // A subscriber scaled to zero is started first, as Knative's activator holds a request for a cold service.
        activator.acquire(target).whenComplete((coldStart, notStarted) -> {
            if (notStarted != null) {
                activator.release(target);
                afterAttempt(d, null, notStarted);
                return;
            }
            d.coldStartMillis += coldStart;
            if (coldStart > 0) {
                d.span.setAttribute("knative.cold_start_ms", coldStart);
            }
            sender.send(target, d.event, requestHeaders(d.span), trigger.delivery().timeout())
                    .whenComplete((response, error) -> {
                        activator.release(target);
                        afterAttempt(d, response, error);
                    });
        });
    }

    private void afterAttempt(Delivery d, HttpResponse<Buffer> response, Throwable error) {
        DeliverySpec spec = trigger.delivery();
        if (error == null && isSuccess(response.statusCode())) {
            onSuccess(d, response);
        } else if (isRetryable(response, error) && d.attempts <= spec.retry() && running.getAsBoolean()) {
            Duration delay = response == null ? spec.delayBeforeRetry(d.attempts)
                    : spec.delayBeforeRetry(d.attempts, response.statusCode(), response.getHeader("Retry-After"), Instant.now());
            LOG.debugf("trigger=%s event=%s attempt=%d status=%s retry_in_ms=%d", trigger.name(), d.event.getId(),
                    d.attempts, error == null ? response.statusCode() : error.getClass().getSimpleName(),
                    delay.toMillis());
            later(delay, () -> attempt(d));
        } else {
            deadLetter(d, response, error);
        }
    }

    private void onSuccess(Delivery d, HttpResponse<Buffer> response) {
        CloudEvent reply = null;
        if (response.statusCode() != 202) {
            try {
                reply = reply(response);
            } catch (RuntimeException e) {
                // A 2xx whose body is not an event: the subscriber broke the contract (Knative dead-letters it).
                deadLetter(d, response, e);
                return;
            }
        }
        if (reply == null) {
            d.settle(Outcome.DELIVERED, response.statusCode(), null);
            return;
        }
        CloudEvent stored = reply;
        Map<String, String> trace = replyTrace(stored, d.span);
        storeUntilAcked(() -> publisher.publish(brokerTopic, stored, trace), "reply")
                .thenRun(() -> d.settle(Outcome.REPLIED, response.statusCode(), stored.getType()));
    }

    /** The reply in the response, or {@code null} when the response carries none (no body, no ce-* headers). */
    private static CloudEvent reply(HttpResponse<Buffer> response) {
        Buffer body = response.body();
        boolean hasBody = body != null && body.length() > 0;
        boolean hasAttributes = response.headers().names().stream().anyMatch(CloudEventReader::isCeHeader);
        String mediaType = CloudEventReader.mediaType(response.getHeader("Content-Type"));
        boolean structured = CloudEventReader.STRUCTURED.equals(mediaType);
        if (!hasAttributes && !structured) {
            if (hasBody) {
                throw new IllegalStateException("unable to decode response: a non-empty body that is not a CloudEvent");
            }
            return null;
        }
        return HttpMessageFactory.createReader(response.headers()::forEach, hasBody ? body.getBytes() : null).toEvent();
    }

    private void deadLetter(Delivery d, HttpResponse<Buffer> response, Throwable error) {
        Integer status = response == null ? null : response.statusCode();
        if (deadLetterSink == null) {
            LOG.warnf("trigger=%s event=%s attempts=%d status=%s dropped=\"no dead-letter sink\"", trigger.name(),
                    d.event.getId(), d.attempts, status);
            d.settle(Outcome.DROPPED, status, null);
            return;
        }
        CloudEvent dead = withErrorExtensions(d.event, response, error);
        LOG.infof("trigger=%s event=%s attempts=%d status=%s dead_letter=%s", trigger.name(), d.event.getId(),
                d.attempts, status, deadLetterSink);
        Map<String, String> trace = TraceContexts.inject(Context.root().with(d.span));
        Supplier<CompletableFuture<?>> store;
        if (deadLetterSink instanceof Target.Topic topic) {
            store = () -> publisher.publish(topic.topic(), dead, trace);
        } else {
            Target.Http http = (Target.Http) deadLetterSink;
            store = () -> sender.send(http.uri(), dead, requestHeaders(d.span), trigger.delivery().timeout())
                    .thenApply(r -> {
                        if (!isSuccess(r.statusCode())) {
                            throw new IllegalStateException("dead-letter sink answered " + r.statusCode());
                        }
                        return r;
                    });
        }
        storeUntilAcked(store, "dead-letter").thenRun(() -> d.settle(Outcome.DEAD_LETTERED, status, null));
    }

    /** The event as the dead-letter sink gets it: where it failed, the status, and the start of the response body. */
    private CloudEvent withErrorExtensions(CloudEvent event, HttpResponse<Buffer> response, Throwable error) {
        CloudEventBuilder builder = CloudEventBuilder.from(event)
                .withExtension(Extensions.KNATIVE_ERROR_DEST, subscriber.toString());
        if (response != null) {
            builder.withExtension(Extensions.KNATIVE_ERROR_CODE, String.valueOf(response.statusCode()));
            Buffer body = response.body();
            byte[] bytes = body == null ? new byte[0] : body.getBytes();
            builder.withExtension(Extensions.KNATIVE_ERROR_DATA,
                    Base64.getEncoder().encodeToString(Arrays.copyOf(bytes, Math.min(bytes.length, MAX_ERROR_DATA))));
            response.headers().forEach((name, value) -> {
                String extension = name.length() > KNE_PREFIX.length() && name.regionMatches(true, 0, KNE_PREFIX, 0, 4)
                        ? name.substring(KNE_PREFIX.length()).toLowerCase(Locale.ROOT)
                        : null;
                if (extension != null && extension.matches("[a-z0-9]+")) {
                    builder.withExtension(extension, value);
                }
            });
        } else if (error != null) {
            LOG.debugf("trigger=%s event=%s failure=%s", trigger.name(), event.getId(), error.toString());
        }
        return builder.build();
    }

    /**
     * Runs {@code store} until it succeeds: a reply or a dead letter must not be lost to a Kafka hiccup, and the
     * record's offset is not committed before it is stored.
     */
    private CompletableFuture<Void> storeUntilAcked(Supplier<CompletableFuture<?>> store, String what) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        tryStore(store, what, stored, Duration.ofMillis(100));
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
                later(backoff, () -> tryStore(store, what, stored, next));
            }
        });
    }

    private Map<String, String> requestHeaders(Span span) {
        Map<String, String> headers = new HashMap<>(TraceContexts.inject(Context.root().with(span)));
        headers.put("Prefer", "reply");
        headers.put("Kn-Namespace", trigger.namespace());
        return headers;
    }

    /** A reply continues the subscriber's trace when it says where; otherwise the dispatch's. */
    private static Map<String, String> replyTrace(CloudEvent reply, Span dispatch) {
        String traceparent = CloudEventReader.extension(reply, Extensions.TRACEPARENT);
        if (TraceContexts.isValidTraceparent(traceparent)) {
            Map<String, String> trace = new HashMap<>();
            trace.put(Extensions.TRACEPARENT, traceparent);
            String tracestate = CloudEventReader.extension(reply, Extensions.TRACESTATE);
            if (tracestate != null) {
                trace.put(Extensions.TRACESTATE, tracestate);
            }
            return trace;
        }
        return TraceContexts.inject(Context.root().with(dispatch));
    }

    static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    /** Knative retries 5xx, 404, 408, 409, 429 and failures without a response (connection, timeout). */
    static boolean isRetryable(HttpResponse<Buffer> response, Throwable error) {
        if (error != null || response == null) {
            return true;
        }
        int status = response.statusCode();
        return status >= 500 || status == 404 || status == 408 || status == 409 || status == 429;
    }

    private void later(Duration delay, Runnable action) {
        if (delay.isZero() || delay.isNegative()) {
            vertx.runOnContext(v -> action.run());
        } else {
            vertx.setTimer(delay.toMillis(), id -> action.run());
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
