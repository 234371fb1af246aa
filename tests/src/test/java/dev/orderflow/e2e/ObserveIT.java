package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.orderflow.events.EventTypes;
import dev.orderflow.harness.Project;
import dev.orderflow.harness.Script;

/**
 * {@code scripts/run.sh up --observe} and {@code order}, as a user runs them: the order's trace is in Zipkin, one
 * trace across the broker and all five functions, and {@code order} prints where to open it.
 */
class ObserveIT {

    static final Duration UP = Duration.ofMinutes(5);
    static final String ZIPKIN = "http://127.0.0.1:9411";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    static Script script;

    @BeforeAll
    static void upWithZipkin() {
        Path dir = Project.workDir("observe");
        script = new Script(Map.of("ORDERFLOW_RUN_DIR", dir.resolve("run").toString()), dir);
        script.run(UP, "up", "--observe").ok("up --observe");
    }

    @AfterAll
    static void down() {
        if (script != null) {
            script.run(Duration.ofMinutes(2), "down");
        }
    }

    @Test
    void shouldShowACompletedOrderAsOneTraceInZipkinAcrossTheBrokerAndEveryFunction() throws Exception {
        Script.Result order = script.run(Duration.ofMinutes(1), "order", "completed").ok("order");
        String url = order.output().lines().filter(l -> l.startsWith("trace: ")).findFirst()
                .map(l -> l.substring("trace: ".length())).orElseThrow(() -> new AssertionError(order.output()));
        assertThat(url).startsWith(ZIPKIN + "/zipkin/traces/");
        String traceId = url.substring(url.lastIndexOf('/') + 1);

        // Spans leave each process in batches: wait for the last hop's.
        JsonNode spans = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> get("/api/v2/trace/" + traceId), trace -> trace.size() >= 16);

        Set<String> services = new HashSet<>();
        Set<String> names = new HashSet<>();
        spans.forEach(span -> {
            services.add(span.path("localEndpoint").path("serviceName").asText());
            names.add(span.path("name").asText());
            assertThat(span.path("traceId").asText()).isEqualTo(traceId);
        });
        assertThat(services).containsExactlyInAnyOrder("local-broker", "order-validator", "payment", "inventory",
                "shipping", "order-notifier");
        assertThat(names).contains("knative.receive " + EventTypes.ORDER_PLACED,
                "knative.dispatch order-validator", "knative.dispatch payment-authorize", "knative.dispatch inventory",
                "knative.dispatch shipping", "knative.dispatch order-notifier-completed",
                "knative.reply " + EventTypes.ORDER_COMPLETED,
                "cloudevents process " + EventTypes.ORDER_PLACED, "cloudevents process " + EventTypes.SHIPMENT_SCHEDULED);
        JsonNode dispatch = find(spans, "knative.dispatch order-validator");
        assertThat(dispatch.path("tags").path("knative.attempts").asText()).isEqualTo("1");
        assertThat(dispatch.path("tags").path("http.response.status_code").asText()).isEqualTo("200");
        assertThat(dispatch.path("tags").path("knative.outcome").asText()).isEqualTo("REPLIED");
        assertThat(status(url)).as("the trace's page in Zipkin's UI").isEqualTo(200);
    }

    static JsonNode find(JsonNode spans, String name) {
        for (JsonNode span : spans) {
            if (span.path("name").asText().equals(name)) {
                return span;
            }
        }
        throw new AssertionError("no span " + name + " in " + spans);
    }

    static JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(ZIPKIN + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createArrayNode();
    }

    static int status(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
