package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

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
 * trace across the broker and all five functions, {@code order} prints where to open it and the page shows it; the
 * flow's metrics are in Prometheus.
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
        lookAtItInABrowser(url, traceId);
    }

    /**
     * The trace's page as a person sees it: headless Chromium renders Zipkin's UI (a script-built page), its text
     * names every service, and a screenshot is kept under target/ (docs/observability-trace.png is one of them).
     */
    void lookAtItInABrowser(String url, String traceId) throws Exception {
        Path screenshot = Project.ROOT.resolve("tests/target/zipkin-trace.png");
        Files.deleteIfExists(screenshot);
        String dom = chromium("--dump-dom", url);
        assertThat(dom).contains(traceId, "local-broker", "order-validator", "payment", "inventory", "shipping",
                "order-notifier");
        chromium("--screenshot=" + screenshot, url);
        BufferedImage image = ImageIO.read(screenshot.toFile());
        assertThat(image.getWidth()).isEqualTo(1400);
        Set<Integer> colours = new HashSet<>();
        for (int x = 0; x < image.getWidth(); x += 7) {
            for (int y = 0; y < image.getHeight(); y += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours).as("colours in the screenshot (a blank page has one)").hasSizeGreaterThan(20);
    }

    /** Headless Chromium, as root needs it (no sandbox), given time for the page's scripts to fetch and draw. */
    static String chromium(String... what) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1400,900", "--virtual-time-budget=15000"));
        command.addAll(List.of(what));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("chromium " + String.join(" ", what)).isTrue();
        assertThat(process.exitValue()).as("exit code of chromium " + String.join(" ", what)).isZero();
        return out;
    }

    @Test
    void shouldHaveTheFlowsMetricsInPrometheus() {
        script.run(Duration.ofMinutes(1), "order", "declined").ok("order");
        // Scraped every 5 s: the ingress's count of accepted events, and every function as a target that is up.
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode received = prometheus("sum(event_count_1_total{consumer_name=\"\",response_code=\"202\"})");
            assertThat(received.path(0).path("value").path(1).asDouble()).isGreaterThanOrEqualTo(1);
            JsonNode up = prometheus("up{job=\"orderflow\"} == 1");
            Set<String> components = new HashSet<>();
            up.forEach(series -> components.add(series.path("metric").path("component").asText()));
            assertThat(components).containsExactlyInAnyOrder("broker", "order-validator", "payment", "inventory",
                    "shipping", "order-notifier");
        });
    }

    static JsonNode prometheus(String query) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:9090/api/v1/query?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("data").path("result");
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
