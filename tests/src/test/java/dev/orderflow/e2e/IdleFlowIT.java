package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Order;
import dev.orderflow.harness.EventStream;
import dev.orderflow.harness.FunctionProcess;
import dev.orderflow.harness.OrderFlow;
import dev.orderflow.harness.Project;
import dev.orderflow.harness.Scrape;
import dev.orderflow.harness.Sender;
import dev.orderflow.local.Launch;
import dev.orderflow.testing.Event;
import dev.orderflow.testing.Mode;
import dev.orderflow.testing.Orders;

/**
 * A quiet flow rests and wakes without losing anything: once no record has come for the rest period, the broker's
 * Trigger consumers stop fetching (their fetch counters stand still), and the next orders, posted at once, all complete
 * exactly once, the first of them promptly.
 */
class IdleFlowIT {

    static final Duration REST_AFTER = Duration.ofMillis(500);
    static final String FETCHES = "kafka_consumer_fetch_manager_fetch_total{client_id=\"knative-trigger-";

    static OrderFlow flow;
    static EventStream stream;

    @BeforeAll
    static void start() {
        Map<String, Launch> launches = new LinkedHashMap<>();
        FunctionProcess.ALL.forEach(f -> launches.put(f, FunctionProcess.defaultLaunch(f)));
        flow = OrderFlow.start(Project.workDir("idle-flow"), launches,
                Map.of("orderflow.broker.rest-after", REST_AFTER.toMillis() + "ms"));
        stream = flow.stream();
    }

    @AfterAll
    static void stop() {
        if (stream != null) {
            stream.close();
        }
        if (flow != null) {
            flow.close();
        }
    }

    @Test
    void shouldStopFetchingWhenQuietAndDeliverEveryOrderPostedAfterwards() {
        awaitCompleted(List.of(postOrder()), Duration.ofSeconds(60));

        awaitRest();

        long posted = System.nanoTime();
        List<String> orders = new ArrayList<>();
        orders.add(postOrder());
        awaitCompleted(orders, Duration.ofSeconds(10));
        assertThat(Duration.ofNanos(System.nanoTime() - posted)).as("the first order after the rest")
                .isLessThan(Duration.ofSeconds(5));

        // Quiet again, then a burst: each order ends once.
        awaitRest();
        List<String> burst = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            burst.add(postOrder());
        }
        awaitCompleted(burst, Duration.ofSeconds(60));
        for (String order : burst) {
            assertThat(stream.ofSubject(order).stream().filter(e -> e.type().equals(EventTypes.ORDER_COMPLETED)))
                    .as("order %s completed once", order).hasSize(1);
        }
    }

    /** Awake, nine Triggers fetch about ten times a second each; resting, none does. */
    static void awaitRest() {
        double[] last = { triggerFetches() };
        await("the Trigger consumers rest").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    double now = triggerFetches();
                    double fetched = now - last[0];
                    last[0] = now;
                    return fetched <= 2;
                });
    }

    static double triggerFetches() {
        Scrape scrape = Scrape.of(flow.ingress());
        return scrape.text().lines().filter(line -> line.startsWith(FETCHES))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    static String postOrder() {
        Order order = Orders.valid();
        Sender.post(flow.ingress(), Event.of(EventTypes.ORDER_PLACED, order).subject(order.orderId())
                .attribute("partitionkey", order.orderId()), Mode.BINARY);
        return order.orderId();
    }

    static void awaitCompleted(List<String> orders, Duration within) {
        await("orders completed").atMost(within).until(() -> orders.stream().allMatch(id -> stream.ofSubject(id)
                .stream().anyMatch(e -> e.type().equals(EventTypes.ORDER_COMPLETED))));
    }
}
