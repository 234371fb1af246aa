package dev.orderflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

import dev.orderflow.harness.Project;

/**
 * {@code scripts/run.sh send} against a broker ingress that records what it receives: with authentication-oidc on,
 * the broker's address has an audience and send presents a token of the shop service account for it (the one
 * {@code eventing/oidc/103-event-policy-broker.yaml} admits); without one, it sends no token.
 */
class ClusterSendIT {

    static final String AUDIENCE = "eventing.knative.dev/broker/orderflow/orders";

    HttpServer ingress;
    final List<Headers> received = new CopyOnWriteArrayList<>();
    FakeCluster cluster;

    @BeforeEach
    void start() throws IOException {
        ingress = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ingress.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.add(exchange.getRequestHeaders());
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        ingress.start();
        cluster = FakeCluster.install(Project.workDir("cluster-send"));
    }

    @AfterEach
    void stop() {
        ingress.stop(0);
    }

    @Test
    void shouldPresentATokenOfTheShopAccountForTheBrokersAudience() throws Exception {
        String output = send(Map.of("FAKE_CLUSTER_AUDIENCE", AUDIENCE));

        assertThat(output).contains("HTTP/1.1 202", "as orderflow/shop");
        assertThat(received).singleElement().satisfies(headers -> {
            assertThat(headers.getFirst("Authorization")).isEqualTo("Bearer fake-token.shop." + AUDIENCE);
            assertThat(headers.getFirst("Ce-type")).isEqualTo("dev.orderflow.order.placed.v1");
        });
        assertThat(cluster.calls()).contains("kubectl get broker orders --namespace orderflow",
                "kubectl create token shop --namespace orderflow --audience " + AUDIENCE);
    }

    @Test
    void shouldSendNoTokenWhenTheBrokerHasNoAudience() throws Exception {
        String output = send(Map.of());

        assertThat(output).contains("HTTP/1.1 202").doesNotContain("as orderflow/shop");
        assertThat(received).singleElement()
                .satisfies(headers -> assertThat(headers.containsKey("Authorization")).isFalse());
        assertThat(cluster.calls()).contains("kubectl get broker").doesNotContain("create token");
    }

    @Test
    void shouldPresentTheTokenGivenInTheEnvironmentWithoutAskingKubectl() throws Exception {
        send(Map.of("ORDERFLOW_CLUSTER_TOKEN", "given-token", "FAKE_CLUSTER_AUDIENCE", AUDIENCE));

        assertThat(received).singleElement()
                .satisfies(headers -> assertThat(headers.getFirst("Authorization")).isEqualTo("Bearer given-token"));
        assertThat(cluster.calls()).doesNotContain("kubectl");
    }

    String send(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = cluster.onPath(new ProcessBuilder("bash", "scripts/run.sh", "send")
                .directory(Project.ROOT.toFile()).redirectErrorStream(true));
        builder.environment().put("ORDERFLOW_CLUSTER_BROKER_URL",
                "http://127.0.0.1:" + ingress.getAddress().getPort() + "/orderflow/orders");
        builder.environment().putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
