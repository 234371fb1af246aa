package dev.orderflow.broker.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.vertx.core.MultiMap;

import dev.orderflow.broker.dispatch.Settlement.Outcome;
import dev.orderflow.events.Extensions;
import dev.orderflow.manifest.BackoffPolicy;
import dev.orderflow.manifest.DeliverySpec;
import dev.orderflow.manifest.Destination;
import dev.orderflow.manifest.TriggerResource;

/**
 * One record through the dispatcher, with a hand-written stand-in for each part it talks to: which answers it retries
 * and after how long, what it puts back into the broker, what it dead-letters, and that a record's fate is settled
 * only once a reply or dead letter is stored.
 */
class RecordDispatcherTest {

    private static final String PLACED = "dev.orderflow.order.placed.v1";
    private static final CloudEvent EVENT = CloudEventBuilder.v1().withId("e-1").withSource(URI.create("/shop"))
            .withType(PLACED).withSubject("order-1").withExtension(Extensions.PARTITION_KEY, "order-1")
            .withExtension(Extensions.TRACEPARENT, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
            .withData("application/json", "{\"orderId\":\"order-1\"}".getBytes(StandardCharsets.UTF_8)).build();
    /** Two retries, 10 ms apart and then 20 ms (linear). */
    private static final DeliverySpec DELIVERY = new DeliverySpec(2, BackoffPolicy.LINEAR, Duration.ofMillis(10),
            Duration.ofSeconds(1), null, null);
    private static final TriggerResource TRIGGER = new TriggerResource("orderflow", "order-validator", "orders", List.of(),
            Map.of("type", PLACED), new Destination(null, "http://validator"), DELIVERY, false);

    private final ScriptedSender subscriber = new ScriptedSender();
    private final RecordingSink deadLetters = new RecordingSink();
    private final List<CloudEvent> replies = new ArrayList<>();
    private final RecordingListener listener = new RecordingListener();
    private final List<Duration> delays = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);

    private RecordDispatcher dispatcher(Optional<DeadLetterSink> sink) {
        return new RecordDispatcher(TRIGGER, subscriber, sink, (reply, trace) -> {
            replies.add(reply);
            return CompletableFuture.completedFuture(null);
        }, listener, SdkTracerProvider.builder().build().get("test"), (delay, action) -> {
            delays.add(delay);
            action.run();
        }, running::get);
    }

    private CompletableFuture<Void> dispatch(CloudEvent event) {
        return dispatcher(Optional.of(deadLetters)).dispatch(record(event));
    }

    @Test
    void shouldLeaveAnEventItsFilterRefusesUntouched() {
        CloudEvent other = CloudEventBuilder.v1(EVENT).withType("dev.orderflow.order.validated.v1").build();

        CompletableFuture<Void> settled = dispatch(other);

        assertThat(settled).isCompleted();
        assertThat(subscriber.sent).isEmpty();
        assertThat(listener.discarded).hasSize(1);
        assertThat(listener.settled).isEmpty();
    }

    @Test
    void shouldSettleAnAcceptedEventAsDeliveredWithTheTraceItCameWith() {
        subscriber.answer(202);

        CompletableFuture<Void> settled = dispatch(EVENT);

        assertThat(settled).isCompleted();
        assertThat(subscriber.sent).singleElement().satisfies(e -> assertThat(e.getId()).isEqualTo("e-1"));
        assertThat(subscriber.traces.get(0).get(Extensions.TRACEPARENT)).contains("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(listener.only()).satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(Outcome.DELIVERED);
            assertThat(s.status()).isEqualTo(202);
            assertThat(s.attempts()).isEqualTo(1);
            assertThat(s.subscriber()).isEqualTo("http://validator");
        });
        assertThat(replies).isEmpty();
        assertThat(deadLetters.stored).isEmpty();
    }

    @Test
    void shouldPutAReplyBackIntoTheBrokerBeforeSettling() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("ce-specversion", "1.0").add("ce-id", "r-1")
                .add("ce-source", "/orderflow/order-validator").add("ce-type", "dev.orderflow.order.validated.v1")
                .add("Content-Type", "application/json");
        subscriber.answer(new EventSender.Response(200, headers, "{}".getBytes(StandardCharsets.UTF_8)));

        CompletableFuture<Void> settled = dispatch(EVENT);

        assertThat(settled).isCompleted();
        assertThat(replies).singleElement().satisfies(r -> assertThat(r.getId()).isEqualTo("r-1"));
        assertThat(listener.only().outcome()).isEqualTo(Outcome.REPLIED);
        assertThat(listener.only().replyType()).isEqualTo("dev.orderflow.order.validated.v1");
    }

    @Test
    void shouldRetryWhatKnativeRetriesWithTheDeliverysBackoff() {
        subscriber.answer(503).fail(new ConnectException("Connection refused")).answer(202);

        CompletableFuture<Void> settled = dispatch(EVENT);

        assertThat(settled).isCompleted();
        assertThat(subscriber.sent).hasSize(3);
        assertThat(delays).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
        assertThat(listener.only().outcome()).isEqualTo(Outcome.DELIVERED);
        assertThat(listener.only().attempts()).isEqualTo(3);
    }

    @Test
    void shouldDeadLetterWhatNoRetryHelpedWithWhereItFailed() {
        subscriber.answer(503).answer(503).answer(new EventSender.Response(503,
                MultiMap.caseInsensitiveMultiMap().add("Kne-Reason", "busy"), "try later".getBytes(StandardCharsets.UTF_8)));

        CompletableFuture<Void> settled = dispatch(EVENT);

        assertThat(settled).isCompleted();
        assertThat(subscriber.sent).hasSize(3);
        assertThat(deadLetters.stored).singleElement().satisfies(dead -> {
            assertThat(dead.getId()).isEqualTo("e-1");
            assertThat(dead.getExtension(Extensions.KNATIVE_ERROR_DEST)).isEqualTo("http://validator");
            assertThat(dead.getExtension(Extensions.KNATIVE_ERROR_CODE)).isEqualTo("503");
            assertThat(dead.getExtension(Extensions.KNATIVE_ERROR_DATA)).isEqualTo("dHJ5IGxhdGVy");
            assertThat(dead.getExtension("reason")).isEqualTo("busy");
        });
        assertThat(listener.only().outcome()).isEqualTo(Outcome.DEAD_LETTERED);
        assertThat(listener.only().status()).isEqualTo(503);
    }

    @Test
    void shouldDeadLetterAClientErrorAtOnce() {
        subscriber.answer(400);

        dispatch(EVENT);

        assertThat(subscriber.sent).hasSize(1);
        assertThat(delays).isEmpty();
        assertThat(deadLetters.stored).singleElement()
                .satisfies(dead -> assertThat(dead.getExtension(Extensions.KNATIVE_ERROR_CODE)).isEqualTo("400"));
    }

    @Test
    void shouldStoreADeadLetterAgainUntilTheSinkHoldsIt() {
        subscriber.answer(400);
        deadLetters.failures = 2;

        CompletableFuture<Void> settled = dispatch(EVENT);

        assertThat(settled).isCompleted();
        assertThat(deadLetters.attempts).isEqualTo(3);
        assertThat(deadLetters.stored).hasSize(1);
        assertThat(delays).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(listener.only().outcome()).isEqualTo(Outcome.DEAD_LETTERED);
    }

    @Test
    void shouldLeaveTheRecordUnsettledWhenTheSinkFailsAsTheBrokerStops() {
        subscriber.answer(400);
        deadLetters.failures = Integer.MAX_VALUE;
        running.set(false);

        CompletableFuture<Void> settled = dispatch(EVENT);

        assertThat(settled).as("not committed: delivered again after the restart").isNotDone();
        assertThat(deadLetters.attempts).isEqualTo(1);
        assertThat(listener.settled).isEmpty();
    }

    @Test
    void shouldDropWhatCannotBeDeliveredWithoutADeadLetterSink() {
        subscriber.answer(400);

        CompletableFuture<Void> settled = dispatcher(Optional.empty()).dispatch(record(EVENT));

        assertThat(settled).isCompleted();
        assertThat(listener.only().outcome()).isEqualTo(Outcome.DROPPED);
    }

    @Test
    void shouldDeadLetterASuccessWhoseBodyIsNotAnEvent() {
        subscriber.answer(new EventSender.Response(200, MultiMap.caseInsensitiveMultiMap(),
                "<html>ok</html>".getBytes(StandardCharsets.UTF_8)));

        dispatch(EVENT);

        assertThat(replies).isEmpty();
        assertThat(listener.only().outcome()).isEqualTo(Outcome.DEAD_LETTERED);
    }

    @ParameterizedTest
    @ValueSource(ints = { 500, 502, 503, 504, 404, 408, 409, 429 })
    void shouldRetryServerErrorsAndTheTransientClientErrors(int status) {
        assertThat(Statuses.isRetryable(status)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = { 400, 401, 403, 405, 413, 415, 422 })
    void shouldNotRetryOtherClientErrors(int status) {
        assertThat(Statuses.isRetryable(status)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = { 200, 201, 202, 204, 299 })
    void shouldCountEvery2xxAsSuccess(int status) {
        assertThat(Statuses.isSuccess(status)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = { 100, 199, 300, 302, 400, 404, 500 })
    void shouldNotCountAnythingElseAsSuccess(int status) {
        assertThat(Statuses.isSuccess(status)).isFalse();
    }

    /** The record the broker's topic holds for {@code event}, as the ingress writes it. */
    private static ConsumerRecord<String, byte[]> record(CloudEvent event) {
        ProducerRecord<String, byte[]> written = KafkaMessageFactory.createWriter("knative-broker-orderflow-orders",
                "order-1").writeBinary(event);
        // The ingress (EventPublisher) carries the W3C trace context as plain headers beside the ce_* ones.
        Object traceparent = event.getExtension(Extensions.TRACEPARENT);
        if (traceparent != null) {
            written.headers().add(Extensions.TRACEPARENT, traceparent.toString().getBytes(StandardCharsets.UTF_8));
        }
        return new ConsumerRecord<>(written.topic(), 0, 42, 0L, TimestampType.CREATE_TIME, -1, written.value().length,
                written.key(), written.value(), written.headers(), Optional.empty());
    }

    /** Answers each send with the next scripted response or failure, at once. */
    private static final class ScriptedSender implements EventSender {
        final Deque<Object> script = new ArrayDeque<>();
        final List<CloudEvent> sent = new ArrayList<>();
        final List<Map<String, String>> traces = new ArrayList<>();

        ScriptedSender answer(int status) {
            return answer(new Response(status, MultiMap.caseInsensitiveMultiMap(), null));
        }

        ScriptedSender answer(Response response) {
            script.add(response);
            return this;
        }

        ScriptedSender fail(Throwable error) {
            script.add(error);
            return this;
        }

        @Override
        public CompletableFuture<Response> send(CloudEvent event, Map<String, String> trace) {
            sent.add(event);
            traces.add(trace);
            Object next = script.poll();
            return next instanceof Response response ? CompletableFuture.completedFuture(response)
                    : CompletableFuture.failedFuture(next == null ? new IllegalStateException("no answer scripted")
                            : (Throwable) next);
        }

        @Override
        public String destination() {
            return "http://validator";
        }
    }

    /** Holds what it is given once it has refused {@code failures} times. */
    private static final class RecordingSink implements DeadLetterSink {
        final List<CloudEvent> stored = new ArrayList<>();
        int failures;
        int attempts;

        @Override
        public CompletableFuture<Void> store(CloudEvent event, Map<String, String> trace) {
            attempts++;
            if (attempts <= failures) {
                return CompletableFuture.failedFuture(new IllegalStateException("Kafka unavailable"));
            }
            stored.add(event);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public String destination() {
            return "kafka:orderflow-orders-dead-letter";
        }
    }

    private static final class RecordingListener implements DeliveryListener {
        final List<ConsumerRecord<String, byte[]>> discarded = new ArrayList<>();
        final List<Settlement> settled = new ArrayList<>();

        @Override
        public void discarded(ConsumerRecord<String, byte[]> record) {
            discarded.add(record);
        }

        @Override
        public void settled(CloudEvent event, Settlement settlement) {
            settled.add(settlement);
        }

        Settlement only() {
            assertThat(settled).hasSize(1);
            return settled.get(0);
        }
    }
}
