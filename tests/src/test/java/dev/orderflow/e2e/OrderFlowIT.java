package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.orderflow.events.EventCatalog;
import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Order;
import dev.orderflow.events.OrderPlacedV2;
import dev.orderflow.harness.EventSchemas;
import dev.orderflow.harness.EventStream;
import dev.orderflow.harness.EventStream.Seen;
import dev.orderflow.harness.NodePackage;
import dev.orderflow.harness.OrderFlow;
import dev.orderflow.harness.Scrape;
import dev.orderflow.harness.Sender;
import dev.orderflow.testing.Event;
import dev.orderflow.testing.Mode;
import dev.orderflow.testing.Orders;

/**
 * Orders of every outcome through Kafka, the local broker and the five functions, all as separate processes: each
 * reaches exactly one terminal event, along the expected chain, in one trace.
 */
class OrderFlowIT extends OrderOutcomesContract {

    static OrderFlow flow;
    static EventStream stream;

    @BeforeAll
    static void startTheFlow() {
        flow = OrderFlow.start("order-flow");
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

    /** A completed order's hops: which function takes which event, and the reply it answers with. */
    static final Map<String, String[]> HOPS = new LinkedHashMap<>(Map.of(
            "order-validator", new String[] { EventTypes.ORDER_PLACED, EventTypes.ORDER_VALIDATED },
            "payment", new String[] { EventTypes.ORDER_VALIDATED, EventTypes.PAYMENT_AUTHORIZED },
            "inventory", new String[] { EventTypes.PAYMENT_AUTHORIZED, EventTypes.INVENTORY_RESERVED },
            "shipping", new String[] { EventTypes.INVENTORY_RESERVED, EventTypes.SHIPMENT_SCHEDULED },
            "order-notifier", new String[] { EventTypes.SHIPMENT_SCHEDULED, EventTypes.ORDER_COMPLETED }));

    @Test
    void shouldCountEveryOrderInTheMetricsOfTheBrokerAndOfEachFunction() {
        String received = "event_count_1_total{consumer_name=\"\",event_type=\"" + EventTypes.ORDER_PLACED
                + "\",name=\"orders\",namespace_name=\"orderflow\",response_code=\"202\",response_code_class=\"2xx\"}";
        Function<String, String> dispatched = trigger -> "event_count_1_total{consumer_name=\"" + trigger
                + "\",event_type=\"" + HOPS.get(trigger)[0] + "\",name=\"orders\",namespace_name=\"orderflow\","
                + "response_code=\"200\",response_code_class=\"2xx\"}";
        Function<String, String> handled = function -> "orderflow_function_events_total{event_type=\""
                + HOPS.get(function)[0] + "\",outcome=\"" + HOPS.get(function)[1]
                + "\",response_code=\"200\",response_code_class=\"2xx\"}";
        Map<String, Double> before = new LinkedHashMap<>();
        Scrape broker = Scrape.of(ingress());
        before.put(received, broker.sample(received));
        before.put(dispatched.apply("order-validator"), broker.sample(dispatched.apply("order-validator")));
        HOPS.keySet().forEach(f -> before.put(f, Scrape.of(functionUrl(f)).sample(handled.apply(f))));

        int orders = 4;
        for (int i = 0; i < orders; i++) {
            Order order = Orders.valid();
            Sender.post(ingress(), Event.of(EventTypes.ORDER_PLACED, order).subject(order.orderId())
                    .attribute("partitionkey", order.orderId()), Mode.BINARY);
            awaitTerminal(order.orderId());
        }

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Scrape now = Scrape.of(ingress());
            assertThat(now.sample(received)).as(received).isEqualTo(before.get(received) + orders);
            String validator = dispatched.apply("order-validator");
            assertThat(now.sample(validator)).as(validator).isEqualTo(before.get(validator) + orders);
            for (String f : HOPS.keySet()) {
                assertThat(Scrape.of(functionUrl(f)).sample(handled.apply(f))).as(f + ": " + handled.apply(f))
                        .isEqualTo(before.get(f) + orders);
            }
        });
        Scrape after = Scrape.of(ingress());
        assertThat(after.line("event_dispatch_latencies_ms_count{consumer_name=\"shipping\"")).isPresent();
        assertThat(after.line("orderflow_broker_delivery_attempts_count{consumer_name=\"payment-authorize\"")).isPresent();
        assertThat(after.text()).containsPattern(
                "kafka_consumer_fetch_manager_records_lag_max\\{[^}]*client_id=\"knative-trigger-orderflow-order-validator\"");
    }

    /**
     * A team that does not write Java: a shop in Node.js posts orders with the official CloudEvents SDK for
     * JavaScript, its data checked against the published schema before it posts; each order completes, and what the
     * broker stored of it conforms to the schema too.
     */
    @Test
    void shouldCompleteTheOrdersOfAShopWrittenInNode() {
        List<String> orderIds = List.of(Orders.newOrderId(), Orders.newOrderId());
        List<String> args = new ArrayList<>(List.of(ingress(),
                EventSchemas.file(EventTypes.ORDER_PLACED).toString()));
        args.addAll(orderIds);

        NodePackage.Result posted = NodePackage.install("shop").node("shop.mjs", args.toArray(String[]::new));

        assertThat(posted.exit()).as(posted.output()).isZero();
        for (String orderId : orderIds) {
            assertThat(posted.output()).contains(orderId + " 202");
            List<Seen> events = awaitTerminal(orderId);
            assertThat(events).extracting(Seen::type).endsWith(EventTypes.ORDER_COMPLETED);
            Seen placed = events.get(0);
            assertThat(placed.event().getSource()).hasToString("/shops/node");
            assertThat(placed.event().getDataSchema()).hasToString(EventCatalog.schemaOf(EventTypes.ORDER_PLACED));
            assertThat(events).allSatisfy(e -> assertThat(EventSchemas.problems(e.event())).as(e.type()).isEmpty());
        }
    }

    /**
     * Version 2 of order.placed rolled out without a stop: while the flow runs, v1 and v2 orders arrive mixed, from
     * several senders at once; each ends exactly once, completed, and every stored event conforms to its schema.
     */
    @Test
    void shouldEndEveryOrderOfAMixOfV1AndV2OrdersExactlyOnce() throws Exception {
        List<Order> orders = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            orders.add(Orders.valid());
        }
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> posts = new ArrayList<>();
            for (int i = 0; i < orders.size(); i++) {
                Order order = orders.get(i);
                Event event = i % 2 == 0 ? Event.of(EventTypes.ORDER_PLACED, order)
                        : Event.of(EventTypes.ORDER_PLACED_V2, OrderPlacedV2.of(order, "web"))
                                .attribute("dataschema", EventCatalog.schemaOf(EventTypes.ORDER_PLACED_V2));
                posts.add(senders.submit(() -> Sender.post(ingress(), event.subject(order.orderId())
                        .attribute("partitionkey", order.orderId()), Mode.BINARY)));
            }
            for (Future<?> post : posts) {
                post.get(30, TimeUnit.SECONDS);
            }
        } finally {
            senders.shutdownNow();
        }

        for (int i = 0; i < orders.size(); i++) {
            List<Seen> events = awaitTerminal(orders.get(i).orderId());
            assertThat(events).extracting(Seen::type).first()
                    .isEqualTo(i % 2 == 0 ? EventTypes.ORDER_PLACED : EventTypes.ORDER_PLACED_V2);
            assertThat(events).extracting(Seen::type).endsWith(EventTypes.ORDER_COMPLETED);
            assertThat(events).allSatisfy(e -> assertThat(EventSchemas.problems(e.event())).as(e.type()).isEmpty());
        }
    }

    static String functionUrl(String function) {
        return "http://127.0.0.1:" + flow.function(function).port();
    }

    @Override
    String ingress() {
        return flow.ingress();
    }

    @Override
    EventStream stream() {
        return stream;
    }
}
