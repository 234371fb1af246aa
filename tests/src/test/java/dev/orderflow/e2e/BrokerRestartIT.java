package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.orderflow.harness.EventStream;
import dev.orderflow.harness.EventStream.Seen;
import dev.orderflow.harness.OrderFlow;
import dev.orderflow.harness.Sender;
import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Order;
import dev.orderflow.testing.Event;
import dev.orderflow.testing.Mode;
import dev.orderflow.testing.Orders;

/**
 * Kills the local broker (SIGKILL) while orders flow and starts it again: every order still ends in exactly one
 * terminal event of the expected kind. Events in flight are redelivered (their offsets were not committed) and
 * recognisable as duplicates by their ids.
 */
class BrokerRestartIT {

    static final int ORDERS = 240;

    static OrderFlow flow;
    static EventStream stream;

    @BeforeAll
    static void startTheFlow() {
        flow = OrderFlow.start("broker-restart");
        stream = flow.stream();
    }

    @AfterAll
    static void stopTheFlow() {
        if (stream != null) {
            stream.close();
        }
        if (flow != null) {
            flow.close();
        }
    }

    @Test
    void shouldLoseNoEventWhenTheBrokerIsKilledAndRestartedMidFlow() throws Exception {
        Map<String, String> expected = new HashMap<>();
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            Order order = Orders.valid();
            if (i % 4 == 1) {
                order = Orders.paidWith(order, "tok_declined");
            } else if (i % 4 == 2) {
                order = Orders.withLines(order, List.of(Orders.line("SOLD-OUT", 1, "1.00")));
            }
            orders.add(order);
            expected.put(order.orderId(), i % 4 == 0 || i % 4 == 3 ? EventTypes.ORDER_COMPLETED : EventTypes.ORDER_CANCELLED);
        }
        CompletableFuture<Void> posting = CompletableFuture.runAsync(() -> orders.forEach(order -> Sender.post(
                flow.ingress(), Event.of(EventTypes.ORDER_PLACED, order).subject(order.orderId())
                        .attribute("partitionkey", order.orderId()), Mode.BINARY)));

        await("some orders done").atMost(Duration.ofSeconds(60)).until(() -> terminalEvents().size() >= ORDERS / 8);
        flow.broker().kill();
        flow.broker().start();
        posting.get();

        await("every order done").atMost(Duration.ofSeconds(120))
                .until(() -> terminalEvents().stream().map(Seen::subject).distinct().count() == ORDERS);

        Map<String, List<Seen>> terminals = terminalEvents().stream().collect(Collectors.groupingBy(Seen::subject));
        long duplicates = stream.all().size() - stream.all().stream().map(s -> s.event().getSource() + " " + s.event().getId())
                .distinct().count();
        System.out.printf("sent=%d completed=%d cancelled=%d duplicates_seen=%d lost=%d%n", ORDERS,
                count(terminals, EventTypes.ORDER_COMPLETED), count(terminals, EventTypes.ORDER_CANCELLED), duplicates,
                ORDERS - terminals.size());
        assertThat(terminals).hasSize(ORDERS);
        terminals.forEach((orderId, seen) -> {
            assertThat(seen.stream().map(s -> s.event().getId()).distinct()).as("terminal ids of %s", orderId).hasSize(1);
            assertThat(seen.get(0).type()).as("outcome of %s", orderId).isEqualTo(expected.get(orderId));
        });
        assertThat(stream.ofTopic(OrderFlow.DEAD_LETTER_TOPIC)).isEmpty();
    }

    static List<Seen> terminalEvents() {
        return stream.all().stream().filter(s -> EventTypes.TERMINAL.contains(s.type())).toList();
    }

    static long count(Map<String, List<Seen>> terminals, String type) {
        return terminals.values().stream().map(l -> l.get(0)).filter(s -> s.type().equals(type)).count();
    }
}
