package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Order;
import dev.orderflow.harness.EventStream;
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
