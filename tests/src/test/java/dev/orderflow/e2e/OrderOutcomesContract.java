package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import dev.orderflow.events.EventCatalog;
import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Order;
import dev.orderflow.events.Sources;
import dev.orderflow.harness.EventSchemas;
import dev.orderflow.harness.EventStream;
import dev.orderflow.harness.EventStream.Seen;
import dev.orderflow.harness.Sender;
import dev.orderflow.local.OrderChain;
import dev.orderflow.local.OrderClient;
import dev.orderflow.testing.Event;
import dev.orderflow.testing.Mode;
import dev.orderflow.testing.Orders;
import dev.orderflow.testing.Traceparents;

/**
 * Orders of every outcome through a running flow (Kafka, the local broker and the five functions, however they run):
 * each reaches exactly one terminal event, along the expected chain, in one trace. A subclass starts the flow and
 * says where its ingress is and how to read what its broker stored.
 */
abstract class OrderOutcomesContract {

    /** The broker's ingress. */
    abstract String ingress();

    /** What the broker stored, read from Kafka. */
    abstract EventStream stream();

    static Stream<Arguments> outcomes() {
        UnaryOperator<Order> valid = o -> o;
        return Stream.of(
                Arguments.of("completed", valid, List.of(EventTypes.ORDER_PLACED, EventTypes.ORDER_VALIDATED,
                        EventTypes.PAYMENT_AUTHORIZED, EventTypes.INVENTORY_RESERVED, EventTypes.SHIPMENT_SCHEDULED,
                        EventTypes.ORDER_COMPLETED), null),
                Arguments.of("rejected", (UnaryOperator<Order>) o -> Orders.shippedTo(o, "XX", "1"),
                        List.of(EventTypes.ORDER_PLACED, EventTypes.ORDER_REJECTED, EventTypes.ORDER_CANCELLED),
                        "order rejected: the shop does not ship to 'XX'"),
                Arguments.of("declined", (UnaryOperator<Order>) o -> Orders.paidWith(o, "tok_declined"),
                        List.of(EventTypes.ORDER_PLACED, EventTypes.ORDER_VALIDATED, EventTypes.PAYMENT_DECLINED,
                                EventTypes.ORDER_CANCELLED),
                        "payment declined: card declined"),
                Arguments.of("cancelled after refund",
                        (UnaryOperator<Order>) o -> Orders.withLines(o, List.of(Orders.line("SOLD-OUT", 1, "9.99"))),
                        List.of(EventTypes.ORDER_PLACED, EventTypes.ORDER_VALIDATED, EventTypes.PAYMENT_AUTHORIZED,
                                EventTypes.INVENTORY_UNAVAILABLE, EventTypes.PAYMENT_REFUNDED, EventTypes.ORDER_CANCELLED),
                        "out of stock: SOLD-OUT; payment of 9.99 EUR refunded"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outcomes")
    void shouldEndEachOrderInExactlyOneTerminalEventAlongItsChainInOneTrace(String outcome, UnaryOperator<Order> shape,
            List<String> chain, String reason) {
        Order order = shape.apply(Orders.valid());
        String traceparent = Traceparents.random();
        Sender.post(ingress(), Event.of(EventTypes.ORDER_PLACED, order).subject(order.orderId())
                .attribute("partitionkey", order.orderId()).header("traceparent", traceparent), Mode.BINARY);

        List<Seen> events = awaitTerminal(order.orderId());

        assertThat(events).extracting(Seen::type).containsExactlyElementsOf(chain);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.traceId()).as("traceparent header of %s", e.type()).isEqualTo(Traceparents.traceId(traceparent));
            assertThat(e.extension("traceparent")).as("traceparent extension of %s", e.type())
                    .contains(Traceparents.traceId(traceparent));
            assertThat(e.key()).as("record key of %s", e.type()).isEqualTo(order.orderId());
            assertThat(EventSchemas.problems(e.event())).as("%s's data against its published schema", e.type())
                    .isEmpty();
        });
        // What the functions emit names its schema; the order the test posted did not.
        assertThat(events.subList(1, events.size())).allSatisfy(e -> assertThat(e.event().getDataSchema())
                .as("dataschema of %s", e.type()).hasToString(EventCatalog.schemaOf(e.type())));
        Seen terminal = events.get(events.size() - 1);
        if (reason != null) {
            assertThat(new String(terminal.event().getData().toBytes())).contains(reason);
        }
    }

    @Test
    void shouldPassACompletedOrderThroughAllFiveFunctions() {
        Order order = Orders.valid();
        Sender.post(ingress(), Event.of(EventTypes.ORDER_PLACED, order).subject(order.orderId())
                .attribute("partitionkey", order.orderId()).traceparent(Traceparents.random()), Mode.STRUCTURED);

        List<Seen> events = awaitTerminal(order.orderId());

        assertThat(events).extracting(s -> s.event().getSource().toString()).containsExactly("/tests",
                Sources.ORDER_VALIDATOR, Sources.PAYMENT, Sources.INVENTORY, Sources.SHIPPING, Sources.ORDER_NOTIFIER);
        assertThat(events.stream().map(Seen::traceId).collect(Collectors.toSet())).hasSize(1);
    }

    @Test
    void shouldListTheOrdersEventsWithTheirDeliveriesInTheEventLog() throws IOException {
        Order order = Orders.valid();
        Sender.post(ingress(), Event.of(EventTypes.ORDER_PLACED, order).subject(order.orderId())
                .attribute("partitionkey", order.orderId()), Mode.BINARY);
        awaitTerminal(order.orderId());

        JsonPath log = await().atMost(Duration.ofSeconds(10)).until(
                () -> RestAssured.get(ingress() + "/events?subject=" + order.orderId()).jsonPath(),
                json -> json.getList("events").size() == 6
                        && json.getList("events[4].deliveries").size() == 1);

        assertThat(log.getList("events.type", String.class)).endsWith(EventTypes.ORDER_COMPLETED);
        assertThat(log.getList("events[0].deliveries.trigger", String.class)).containsExactly("order-validator");
        assertThat(log.getList("events[0].deliveries.outcome", String.class)).containsExactly("replied");
        assertThat(Set.copyOf(log.getList("events.traceId", String.class))).hasSize(1);
        String text = OrderChain.render(new OrderClient(ingress()).events(order.orderId()));
        assertThat(text).contains("outcome: order.completed").doesNotContain(Orders.APPROVED_TOKEN);
    }

    /** The broker's catalogue is the flow's: every type, with its schema and description, as kn would list them. */
    @Test
    void shouldListTheEventTypesOfTheCatalogue() {
        JsonPath catalogue = RestAssured.get(ingress() + "/eventtypes").then().statusCode(200).extract().jsonPath();

        assertThat(catalogue.getList("eventTypes.type", String.class))
                .containsExactlyElementsOf(EventCatalog.ENTRIES.stream().map(EventCatalog.Entry::type).toList());
        assertThat(catalogue.getList("eventTypes.schema", String.class))
                .containsExactlyElementsOf(EventCatalog.ENTRIES.stream().map(EventCatalog.Entry::schema).toList());
        assertThat(catalogue.getList("eventTypes.description", String.class))
                .containsExactlyElementsOf(EventCatalog.ENTRIES.stream().map(EventCatalog.Entry::description).toList());
    }

    /** The order's events once its terminal event is stored: exactly one distinct terminal event, whatever else. */
    List<Seen> awaitTerminal(String orderId) {
        await("terminal event of " + orderId).atMost(Duration.ofSeconds(30))
                .until(() -> stream().ofSubject(orderId).stream().anyMatch(e -> EventTypes.TERMINAL.contains(e.type())));
        List<Seen> events = stream().ofSubject(orderId);
        assertThat(events.stream().filter(e -> EventTypes.TERMINAL.contains(e.type())).map(e -> e.event().getId())
                .distinct()).hasSize(1);
        return events;
    }
}
