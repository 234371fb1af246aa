package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import dev.orderflow.harness.EventStream;
import dev.orderflow.harness.OrderFlow;
import dev.orderflow.harness.Project;
import dev.orderflow.harness.Script;
import dev.orderflow.harness.SteadyOrders;

/**
 * What {@code scripts/run.sh} started, killed with SIGKILL, and {@code scripts/run.sh up} at once, as a user runs it
 * after a crash: the broker with its embedded Kafka (which then recovers its log), a function, and a function the
 * broker's activator started in {@code --scale-to-zero}; all under a steady stream of orders from a producer that
 * retries until the broker takes each one. Counted from Kafka, every order ends exactly once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@EnabledIfSystemProperty(named = "orderflow.faults", matches = "true",
        disabledReason = "the faults profile is off (-DskipFaults)")
class CrashRestartIT {

    static final int RATE = 40;
    static final String INGRESS = "http://127.0.0.1:8080/" + OrderFlow.NAMESPACE + "/" + OrderFlow.BROKER;
    static final Duration UP = Duration.ofMinutes(5);

    static Path run;
    static Script script;
    static EventStream stream;

    @BeforeAll
    static void upAsAUserStartsIt() {
        Path dir = Project.workDir("crash-restart");
        run = dir.resolve("run");
        script = new Script(Map.of("ORDERFLOW_RUN_DIR", run.toString(), "ORDERFLOW_IDLE_SECONDS", "30"), dir);
        script.run(UP, "up").ok("up");
        stream = new EventStream("127.0.0.1:9092", OrderFlow.TOPIC, OrderFlow.DEAD_LETTER_TOPIC);
    }

    @AfterAll
    static void down() {
        if (stream != null) {
            stream.close();
        }
        if (script != null) {
            script.run(Duration.ofMinutes(2), "down");
        }
    }

    @Test
    @Order(1)
    void shouldBringTheFlowBackWhenUpRunsAtOnceAfterTheBrokerWasKilled() {
        endsOnce("SIGKILL of the broker and its Kafka, then up at once", 800, () -> {
            kill("broker");
            script.run(UP, "up").ok("up right after SIGKILL of the broker");
        });
    }

    @Test
    @Order(2)
    void shouldStartAKilledFunctionAgain() {
        endsOnce("SIGKILL of payment, then up at once", 400, () -> {
            kill("payment");
            script.run(UP, "up").ok("up right after SIGKILL of payment");
        });
    }

    @Test
    @Order(3)
    void shouldHaveTheActivatorStartAKilledFunctionAgainAndAdoptTheOthersAfterTheBrokerDied() {
        script.run(Duration.ofMinutes(2), "down").ok("down");
        script.run(UP, "up", "--scale-to-zero").ok("up --scale-to-zero");
        endsOnce("scale to zero: SIGKILL of a running payment, the activator starts it on its next event", 400, () -> {
            await("payment started on its first event").atMost(Duration.ofMinutes(1)).until(() -> pid("payment") > 0);
            kill("payment");
        });
        endsOnce("scale to zero: SIGKILL of the broker, then up --scale-to-zero at once", 400, () -> {
            kill("broker");
            script.run(UP, "up", "--scale-to-zero").ok("up --scale-to-zero right after SIGKILL of the broker");
        });
    }

    /** {@code count} orders at {@link #RATE}/s, {@code crash} a third of the way in; every order ends once. */
    static void endsOnce(String scenario, int count, Runnable crash) {
        try (SteadyOrders orders = new SteadyOrders(INGRESS, count, RATE)) {
            CompletableFuture<Void> posted = orders.post();
            await("a third of the orders posted").atMost(Duration.ofMinutes(2)).until(() -> orders.posted() >= count / 3);
            crash.run();
            posted.join();
            await(scenario + ": every order ended").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> orders.allEnded(stream));
            SteadyOrders.Tally tally = orders.tally(stream, OrderFlow.DEAD_LETTER_TOPIC);
            FaultsIT.record(scenario + ": " + tally);
            assertThat(tally.lost()).as("lost orders").isZero();
            assertThat(tally.wrong()).as("orders that did not end once, as expected, charged once").isEmpty();
            assertThat(tally.deadLettered()).as("dead-lettered events of good orders").isZero();
        }
    }

    /** SIGKILL of the process run.sh (or the activator) recorded for {@code component}. */
    static void kill(String component) {
        long pid = pid(component);
        assertThat(pid).as("pid of %s", component).isPositive();
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    static long pid(String component) {
        try {
            Path file = run.resolve("pids").resolve(component + ".pid");
            return Files.exists(file) ? Long.parseLong(Files.readString(file).strip()) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
