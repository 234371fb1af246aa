package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Order;
import dev.orderflow.harness.EventStream;
import dev.orderflow.harness.OrderFlow;
import dev.orderflow.harness.Podman;
import dev.orderflow.harness.Project;
import dev.orderflow.harness.Script;
import dev.orderflow.harness.Sender;
import dev.orderflow.testing.Event;
import dev.orderflow.testing.Mode;
import dev.orderflow.testing.Orders;

/**
 * Scale to zero with containers: {@code scripts/run.sh up --containers --scale-to-zero} starts no function; the first
 * event routed to one starts its container (as Knative's activator holds a request while a pod starts), and an idle
 * container is stopped and removed, until the next order brings it back.
 */
class ContainerScaleToZeroIT {

    static final Duration IDLE = Duration.ofSeconds(4);
    static final String INGRESS = "http://127.0.0.1:8080/" + OrderFlow.NAMESPACE + "/" + OrderFlow.BROKER;
    static final String LABEL = "dev.orderflow.service";

    static Script script;
    static EventStream stream;

    @BeforeAll
    static void startTheBrokerWithNoFunctionRunning() {
        Path dir = Project.workDir("containers-scale-to-zero");
        Script base = new Script(Map.of("ORDERFLOW_RUN_DIR", dir.resolve("run").toString()), dir);
        String image = base.run(Duration.ofMinutes(20), "base-image").ok("base-image").lastLine();
        script = new Script(Map.of("ORDERFLOW_RUN_DIR", dir.resolve("run").toString(), "ORDERFLOW_BASE_IMAGE", image,
                "ORDERFLOW_IDLE_SECONDS", String.valueOf(IDLE.toSeconds())), dir);
        script.run(Duration.ofMinutes(20), "up", "--containers", "--scale-to-zero").ok("up --containers --scale-to-zero");
        stream = new EventStream("127.0.0.1:9092", OrderFlow.TOPIC);
    }

    @AfterAll
    static void stop() {
        if (stream != null) {
            stream.close();
        }
        if (script != null) {
            script.run(Duration.ofMinutes(2), "down");
        }
    }

    @Test
    void shouldStartEachContainerOnItsFirstEventAndRemoveItWhenIdle() {
        assertThat(Podman.containers(LABEL)).as("no container before an event needs it").isEmpty();

        String first = completeAnOrder();
        List<Integer> coldStarts = RestAssured.get(INGRESS + "/events?subject=" + first).jsonPath()
                .getList("events.deliveries.flatten().coldStartMillis", Integer.class);
        assertThat(coldStarts).as("one cold start per function, each with its cost").hasSize(5).allMatch(ms -> ms > 0);

        await("every container gone after " + IDLE + " idle").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500)).until(() -> Podman.containers(LABEL).isEmpty()
                        && Podman.run("ps", "--all", "--quiet", "--filter", "label=" + LABEL).isEmpty());

        String second = completeAnOrder();
        assertThat(RestAssured.get(INGRESS + "/events?subject=" + second).jsonPath()
                .getList("events.deliveries.flatten().coldStartMillis", Integer.class)).hasSize(5);
    }

    static String completeAnOrder() {
        Order order = Orders.valid();
        Sender.post(INGRESS, Event.of(EventTypes.ORDER_PLACED, order).subject(order.orderId())
                .attribute("partitionkey", order.orderId()), Mode.BINARY);
        await("order " + order.orderId() + " completed").atMost(Duration.ofSeconds(120)).until(() -> stream
                .ofSubject(order.orderId()).stream().anyMatch(e -> e.type().equals(EventTypes.ORDER_COMPLETED)));
        return order.orderId();
    }
}
