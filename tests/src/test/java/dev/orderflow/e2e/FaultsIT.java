package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.vertx.core.Vertx;

import dev.orderflow.events.EventTypes;
import dev.orderflow.function.EventIds;
import dev.orderflow.harness.EventStream;
import dev.orderflow.harness.EventStream.Seen;
import dev.orderflow.harness.FunctionProcess;
import dev.orderflow.harness.KafkaNode;
import dev.orderflow.harness.LocalBroker;
import dev.orderflow.harness.OrderFlow;
import dev.orderflow.harness.Project;
import dev.orderflow.harness.Sender;
import dev.orderflow.testing.Event;
import dev.orderflow.testing.Mode;
import dev.orderflow.testing.Orders;

/**
 * At-least-once delivery with idempotent steps, under faults: a steady stream of orders of every outcome runs through
 * Kafka, the local broker and the five functions (each behind a proxy that can make it misbehave) while processes
 * are killed and restarted, a function answers 503 for a while, and one hangs past the delivery timeout. After each
 * scenario every order has exactly one terminal event of the expected kind, nothing is lost, a duplicate (redelivery)
 * never yields a second terminal event or a second charge, and the dead-letter sink holds nothing it should not.
 * <p>
 * Runs in the Maven profile {@code faults}, on unless {@code -DskipFaults}; the counts of each scenario are printed and
 * written to {@code tests/target/e2e/faults-summary.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIfSystemProperty(named = "orderflow.faults", matches = "true",
        disabledReason = "the faults profile is off (-DskipFaults)")
class FaultsIT {

    static final int RATE = 40;
    static final Path SUMMARY = Project.WORK.resolve("faults-summary.txt");

    static Path dir;
    static Vertx vertx;
    static KafkaNode kafka;
    static LocalBroker broker;
    static EventStream stream;
    static final Map<String, FunctionProcess> functions = new LinkedHashMap<>();
    static final Map<String, FaultProxy> proxies = new LinkedHashMap<>();
    static final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    static final AtomicInteger POSTED = new AtomicInteger();

    @BeforeAll
    static void startTheFlowBehindProxies() throws IOException {
        dir = Project.workDir("faults");
        Files.deleteIfExists(SUMMARY);
        vertx = Vertx.vertx();
        kafka = new KafkaNode(dir.resolve("kafka"));
        Map<String, String> subscribers = new LinkedHashMap<>();
        for (String name : FunctionProcess.ALL) {
            FunctionProcess function = new FunctionProcess(dir, name).start();
            FaultProxy proxy = new FaultProxy(vertx, function.port());
            functions.put(name, function);
            proxies.put(name, proxy);
            subscribers.put(name, proxy.url());
        }
        kafka.start();
        broker = new LocalBroker(dir, kafka.bootstrapServers(), Project.MANIFESTS, subscribers).start();
        functions.values().forEach(FunctionProcess::awaitReady);
        stream = new EventStream(kafka.bootstrapServers(), OrderFlow.TOPIC, OrderFlow.DEAD_LETTER_TOPIC);
    }

    @AfterAll
    static void stopEverything() {
        scheduler.shutdownNow();
        if (stream != null) {
            stream.close();
        }
        if (broker != null) {
            broker.close();
        }
        functions.values().forEach(FunctionProcess::close);
        proxies.values().forEach(FaultProxy::close);
        if (kafka != null) {
            kafka.close();
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    @Test
    @Order(1)
    void shouldEndEveryOrderOnceWhenEachFunctionIsKilledAndRestarted() {
        for (String name : FunctionProcess.ALL) {
            FunctionProcess function = functions.get(name);
            run("SIGKILL " + name + " and restart", 120, () -> {
                function.process().kill();
                function.start().awaitReady();
            });
        }
    }

    @Test
    @Order(2)
    void shouldEndEveryOrderOnceWhenTheLocalBrokerIsKilledAndRestarted() {
        run("SIGKILL the local broker and restart", 400, () -> {
            broker.kill();
            broker.start();
        });
    }

    @Test
    @Order(3)
    void shouldEndEveryOrderOnceWhenKafkaIsKilledAndRestarted() {
        run("SIGKILL Kafka and restart", 400, () -> {
            kafka.kill();
            kafka.start();
        });
    }

    @Test
    @Order(4)
    void shouldEndEveryOrderOnceWhenAFunctionAnswers503ForAWhile() {
        run("payment answers 503 for 5 s", 300, () -> fault("payment", FaultProxy.Mode.UNAVAILABLE, Duration.ofSeconds(5)));
    }

    @Test
    @Order(5)
    void shouldEndEveryOrderOnceWhenAFunctionHangsPastTheDeliveryTimeout() {
        run("inventory hangs for 15 s (timeout 10 s)", 300,
                () -> fault("inventory", FaultProxy.Mode.HANG, Duration.ofSeconds(15)));
    }

    @Test
    @Order(6)
    void shouldDeadLetterPoisonEventsWithoutBlockingTheOrdersOnTheirPartition() {
        String key = "poisoned-" + Orders.newOrderId();
        Event malformed = Event.of(EventTypes.ORDER_VALIDATED, Map.of("orderId", key, "order", Map.of("orderId", key)))
                .subject(key).attribute("partitionkey", key);
        Event unpayable = Event.of(EventTypes.ORDER_PLACED, Orders.paidWith(Orders.valid(key), "tok_gateway_down"))
                .subject(key).attribute("partitionkey", key);
        Sender.post(broker.url(OrderFlow.NAMESPACE, OrderFlow.BROKER), malformed, Mode.BINARY);
        Sender.post(broker.url(OrderFlow.NAMESPACE, OrderFlow.BROKER), unpayable, Mode.BINARY);
        // Good orders on the same partition (same key) while the unpayable one is being retried.
        List<String> good = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            var order = Orders.valid(Orders.newOrderId());
            good.add(order.orderId());
            Sender.post(broker.url(OrderFlow.NAMESPACE, OrderFlow.BROKER), Event.of(EventTypes.ORDER_PLACED, order)
                    .subject(order.orderId()).attribute("partitionkey", key), Mode.BINARY);
        }

        await("the good orders on the poisoned partition").atMost(Duration.ofSeconds(10))
                .until(() -> good.stream().allMatch(id -> terminals(id).size() == 1));
        String unpayableId = validatedIdOf(unpayable);
        assertThat(deadLetter(unpayableId)).as("still retrying the unpayable order while the others completed").isNull();

        Seen refused = awaitDeadLetter(malformed.id());
        Seen exhausted = awaitDeadLetter(unpayableId);
        assertThat(refused.extension("knativeerrorcode")).isEqualTo("400");
        assertThat(refused.extension("knativeerrordest")).isEqualTo(proxies.get("payment").url());
        assertThat(decode(refused.extension("knativeerrordata"))).contains("missing required field");
        assertThat(exhausted.extension("knativeerrorcode")).isEqualTo("503");
        assertThat(decode(exhausted.extension("knativeerrordata"))).contains("payment gateway unavailable");
        record(String.format("poison: 2 poison events dead-lettered (a 400 at once, a 503 after the retries) while "
                + "the %d other orders on their partition completed", good.size()));
    }

    /** Posts {@code count} orders at {@link #RATE}/s, runs {@code fault} a third of the way in, then checks them all. */
    static void run(String scenario, int count, Runnable fault) {
        Map<String, String> expected = new LinkedHashMap<>();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var order = Orders.valid();
            String outcome = EventTypes.ORDER_CANCELLED;
            switch (i % 4) {
                case 0 -> outcome = EventTypes.ORDER_COMPLETED;
                case 1 -> order = Orders.paidWith(order, "tok_declined");
                case 2 -> order = Orders.withLines(order, List.of(Orders.line("SOLD-OUT", 1, "3.00")));
                default -> order = Orders.shippedTo(order, "XX", "1");
            }
            expected.put(order.orderId(), outcome);
            events.add(Event.of(EventTypes.ORDER_PLACED, order).subject(order.orderId())
                    .attribute("partitionkey", order.orderId()));
        }
        CompletableFuture<Void> posted = postAtRate(events);
        await("a third of the orders posted").atMost(Duration.ofMinutes(2)).until(() -> POSTED.get() >= count / 3);
        fault.run();
        posted.join();
        await(scenario + ": every order ended").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> expected.keySet().stream().allMatch(id -> !terminals(id).isEmpty()));
        verify(scenario, expected);
    }

    static CompletableFuture<Void> postAtRate(List<Event> events) {
        POSTED.set(0);
        CompletableFuture<Void> done = new CompletableFuture<>();
        String ingress = broker.url(OrderFlow.NAMESPACE, OrderFlow.BROKER);
        ScheduledFuture<?> task = scheduler.scheduleAtFixedRate(() -> {
            int i = POSTED.get();
            if (i < events.size() && !done.isDone()) {
                try {
                    Sender.post(ingress, events.get(i), Mode.BINARY);
                    POSTED.incrementAndGet();
                } catch (RuntimeException | Error e) {
                    done.completeExceptionally(e);
                }
            } else {
                done.complete(null);
            }
        }, 0, 1000 / RATE, TimeUnit.MILLISECONDS);
        done.whenComplete((ok, error) -> task.cancel(false));
        return done;
    }

    static void fault(String function, FaultProxy.Mode mode, Duration duration) {
        FaultProxy proxy = proxies.get(function);
        proxy.mode(mode);
        scheduler.schedule(() -> proxy.mode(FaultProxy.Mode.PASS), duration.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every order ended once, as expected, charged at most once; duplicates counted; nothing dead-lettered. */
    static void verify(String scenario, Map<String, String> expected) {
        List<Seen> all = stream.all();
        Map<String, List<Seen>> byOrder = all.stream().filter(s -> expected.containsKey(s.subject()))
                .collect(Collectors.groupingBy(Seen::subject));
        long completed = 0;
        long cancelled = 0;
        long lost = 0;
        for (Map.Entry<String, String> order : expected.entrySet()) {
            List<Seen> events = byOrder.getOrDefault(order.getKey(), List.of());
            Set<String> terminalIds = ids(events, EventTypes.TERMINAL);
            if (terminalIds.isEmpty()) {
                lost++;
                continue;
            }
            assertThat(terminalIds).as("terminal events of %s", order.getKey()).hasSize(1);
            String type = events.stream().filter(e -> EventTypes.TERMINAL.contains(e.type())).findFirst().orElseThrow()
                    .type();
            assertThat(type).as("outcome of %s", order.getKey()).isEqualTo(order.getValue());
            assertThat(ids(events, Set.of(EventTypes.PAYMENT_AUTHORIZED))).as("charges of %s", order.getKey()).hasSizeLessThanOrEqualTo(1);
            assertThat(ids(events, Set.of(EventTypes.PAYMENT_REFUNDED))).as("refunds of %s", order.getKey()).hasSizeLessThanOrEqualTo(1);
            if (type.equals(EventTypes.ORDER_COMPLETED)) {
                completed++;
            } else {
                cancelled++;
            }
        }
        List<Seen> ofOrders = byOrder.values().stream().flatMap(List::stream).toList();
        long duplicates = ofOrders.size() - ofOrders.stream().map(s -> s.topic() + " " + s.event().getSource() + " "
                + s.event().getId()).distinct().count();
        long deadLettered = ofOrders.stream().filter(s -> s.topic().equals(OrderFlow.DEAD_LETTER_TOPIC)).count();
        record(String.format("%s: sent=%d completed=%d cancelled=%d duplicates_seen=%d dead_lettered=%d lost=%d",
                scenario, expected.size(), completed, cancelled, duplicates, deadLettered, lost));
        assertThat(lost).as("lost orders").isZero();
        assertThat(deadLettered).as("dead-lettered events of good orders").isZero();
    }

    static Set<String> ids(List<Seen> events, Set<String> types) {
        return events.stream().filter(e -> types.contains(e.type())).map(e -> e.event().getId())
                .collect(Collectors.toSet());
    }

    static List<String> terminals(String orderId) {
        return stream.ofSubject(orderId).stream().filter(e -> EventTypes.TERMINAL.contains(e.type()))
                .map(e -> e.event().getId()).distinct().toList();
    }

    static Seen awaitDeadLetter(String id) {
        return await("dead letter of " + id).atMost(Duration.ofMinutes(2)).until(() -> deadLetter(id), seen -> seen != null);
    }

    static Seen deadLetter(String id) {
        return stream.ofTopic(OrderFlow.DEAD_LETTER_TOPIC).stream().filter(s -> s.event().getId().equals(id)).findFirst()
                .orElse(null);
    }

    /** The id the validator gives the order.validated of an order.placed: derived from the input's source and id. */
    static String validatedIdOf(Event placed) {
        return EventIds.derive(placed.attribute("source"), placed.id(), EventTypes.ORDER_VALIDATED);
    }

    static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    static void record(String line) {
        System.out.println(line);
        try {
            Files.createDirectories(SUMMARY.getParent());
            Files.writeString(SUMMARY, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
