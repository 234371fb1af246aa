package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import dev.orderflow.events.EventTypes;
import dev.orderflow.events.Order;
import dev.orderflow.harness.EventStream;
import dev.orderflow.harness.FunctionProcess;
import dev.orderflow.harness.KafkaProcess;
import dev.orderflow.harness.LocalBroker;
import dev.orderflow.harness.OrderFlow;
import dev.orderflow.harness.Project;
import dev.orderflow.harness.Sender;
import dev.orderflow.local.ActivatorConfig;
import dev.orderflow.local.Launch;
import dev.orderflow.testing.Event;
import dev.orderflow.testing.Mode;
import dev.orderflow.testing.Orders;

/**
 * Scale from zero on one machine: with every function stopped, an order posted to the local broker completes, the
 * broker starting each function on its first event (as Knative's activator does) and recording what each cold start
 * cost; once idle for the window, every function stops again, and the next order starts them anew.
 */
class ScaleToZeroIT {

    static final Duration IDLE_WINDOW = Duration.ofSeconds(4);

    static Path dir;
    static Path pids;
    static KafkaProcess kafka;
    static LocalBroker broker;
    static EventStream stream;
    static final Map<String, Integer> ports = new LinkedHashMap<>();

    @BeforeAll
    static void startTheBrokerWithEveryFunctionStopped() throws IOException {
        dir = Project.workDir("scale-to-zero");
        pids = Files.createDirectories(dir.resolve("pids"));
        kafka = new KafkaProcess(dir.resolve("kafka")).start();
        Map<String, String> subscribers = new LinkedHashMap<>();
        Map<String, ActivatorConfig.Start> starts = new LinkedHashMap<>();
        for (String function : FunctionProcess.ALL) {
            int port = Project.freePort();
            ports.put(function, port);
            subscribers.put(function, "http://127.0.0.1:" + port);
            Launch launch = FunctionProcess.defaultLaunch(function);
            starts.put(function, new ActivatorConfig.Start(launch.command(List.of("-Dquarkus.http.port=" + port)),
                    launch.app()));
        }
        broker = new LocalBroker(dir, kafka.bootstrapServers(), Project.MANIFESTS, subscribers,
                ActivatorConfig.properties(IDLE_WINDOW, pids, dir, starts)).start();
        stream = new EventStream(kafka.bootstrapServers(), OrderFlow.TOPIC);
    }

    @AfterAll
    static void stop() {
        if (stream != null) {
            stream.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldStartEachFunctionOnItsFirstEventAndStopItWhenIdle() {
        assertThat(ports.values()).as("no function runs before an event needs it").noneMatch(ScaleToZeroIT::listening);

        String first = postOrder();
        awaitCompleted(first);

        JsonPath log = RestAssured.get(broker.url(OrderFlow.NAMESPACE, OrderFlow.BROKER) + "/events?subject=" + first)
                .jsonPath();
        List<Integer> coldStarts = log.getList("events.deliveries.flatten().coldStartMillis", Integer.class);
        assertThat(coldStarts).as("one cold start per function, each with its cost").hasSize(5).allMatch(ms -> ms > 0);

        await("every function stopped after " + IDLE_WINDOW + " idle").atMost(Duration.ofSeconds(40))
                .until(() -> pidFiles().isEmpty() && ports.values().stream().noneMatch(ScaleToZeroIT::listening));

        String second = postOrder();
        awaitCompleted(second);
        JsonPath again = RestAssured.get(broker.url(OrderFlow.NAMESPACE, OrderFlow.BROKER) + "/events?subject=" + second)
                .jsonPath();
        assertThat(again.getList("events.deliveries.flatten().coldStartMillis", Integer.class)).allMatch(ms -> ms > 0);
    }

    static String postOrder() {
        Order order = Orders.valid();
        Sender.post(broker.url(OrderFlow.NAMESPACE, OrderFlow.BROKER), Event.of(EventTypes.ORDER_PLACED, order)
                .subject(order.orderId()).attribute("partitionkey", order.orderId()), Mode.BINARY);
        return order.orderId();
    }

    static void awaitCompleted(String orderId) {
        await("order " + orderId + " completed").atMost(Duration.ofSeconds(90)).until(() -> stream.ofSubject(orderId)
                .stream().anyMatch(e -> e.type().equals(EventTypes.ORDER_COMPLETED)));
    }

    static List<Path> pidFiles() {
        try (var files = Files.list(pids)) {
            return files.toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
