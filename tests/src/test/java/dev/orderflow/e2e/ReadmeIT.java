package dev.orderflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.orderflow.deploy.FakeCluster;
import dev.orderflow.harness.LocalRegistry;
import dev.orderflow.harness.Project;

/**
 * Every {@code bash} block of the README and then of each page of {@code docs/} in the order the README first links
 * them, run as written and in order, on the default ports: the documentation cannot drift from what works. A page
 * with commands that the README does not link fails the test. A block that starts a long-running dev mode runs in the background until the next
 * {@code run.sh down} or the end; the test command itself ({@code ./mvnw -B verify}) is what is running this.
 * <p>
 * There is no cluster here: the blocks that talk to one run against stand-ins for kn and kubectl
 * ({@code src/test/resources/fake-cluster}) that refuse any command or flag kn 1.23 does not have and any file that
 * does not exist, with the local broker standing in for the cluster's broker ingress. Nor is there Docker Hub or the
 * README's example registry: images are built on the stand-in base of {@code scripts/run.sh base-image} and pushed to
 * a real registry on loopback, whose address replaces {@value #EXAMPLE_REGISTRY} in the blocks.
 */
class ReadmeIT {

    static final Pattern BASH_BLOCK = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL);
    static final Pattern DOCS_LINK = Pattern.compile("\\]\\((docs/[a-z0-9-]+\\.md)");
    static final Pattern HTTP_STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3})", Pattern.MULTILINE);
    /** Long-running blocks, and the port that answers once they are ready. */
    static final Map<String, Integer> DEV_MODE = Map.of("run.sh dev payment", 8082,
            "functions/order-validator quarkus:dev", 8081);

    static final Pattern CLUSTER = Pattern.compile("\\bkubectl\\b|\\bkn\\b|run\\.sh (deploy|undeploy|send|cluster-status)");
    static final String EXAMPLE_REGISTRY = "quay.io/example";

    final Path runDir = Project.workDir("readme");
    FakeCluster fakeCluster;
    LocalRegistry registry;
    String baseImage;
    final List<Process> background = new ArrayList<>();
    boolean standInUp;

    @AfterEach
    void stopEverything() throws Exception {
        stopBackground();
        run("scripts/run.sh down", Duration.ofMinutes(1));
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldRunEveryCommandOfTheReadmeAsWritten() throws Exception {
        fakeCluster = FakeCluster.install(runDir);
        registry = new LocalRegistry(runDir.resolve("registry")).start();
        Result base = run("scripts/run.sh base-image", Duration.ofMinutes(10));
        assertThat(base.exit()).as(base.output()).isZero();
        baseImage = base.output().strip().lines().reduce((first, last) -> last).orElseThrow();
        List<String> blocks = new ArrayList<>();
        for (Path page : pages()) {
            blocks.addAll(blocks(Files.readString(page)));
        }
        assertThat(blocks).as("bash blocks in the README and docs/").hasSizeGreaterThanOrEqualTo(8);
        for (String written : blocks) {
            if (written.strip().equals("./mvnw -B verify")) {
                continue;
            }
            String block = written.replace(EXAMPLE_REGISTRY, registry.host());
            Integer devPort = DEV_MODE.entrySet().stream().filter(e -> block.contains(e.getKey()))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            if (devPort != null) {
                startInBackground(block, devPort);
                continue;
            }
            if (block.contains("run.sh down")) {
                stopBackground();
                standInUp = false;
            }
            if (CLUSTER.matcher(block).find() && !standInUp) {
                stopBackground();
                assertThat(run("scripts/run.sh up", Duration.ofMinutes(5)).exit()).isZero();
                standInUp = true;
            }
            Result result = run(block, Duration.ofMinutes(block.contains("run.sh images") ? 20 : 5));
            assertThat(result.exit()).as("exit code of\n%s\noutput:\n%s", block, result.output()).isZero();
            Matcher status = HTTP_STATUS.matcher(result.output());
            while (status.find()) {
                assertThat(status.group(1)).as("HTTP status of\n%s\n%s", block, result.output()).startsWith("2");
            }
            if (block.contains("run.sh order")) {
                assertThat(result.output()).contains("outcome: order.");
            }
        }
        String cluster = fakeCluster.calls();
        assertThat(cluster).as("the README's cluster commands").contains("kubectl apply -k knative/", "kn service apply",
                "kn trigger create", "kn broker create", "kn service delete");
    }

    /** The README, then the pages of docs/ in the order it first links them; every page with commands is linked. */
    static List<Path> pages() throws IOException {
        String readme = Files.readString(Project.ROOT.resolve("README.md"));
        Set<Path> pages = new LinkedHashSet<>(List.of(Project.ROOT.resolve("README.md")));
        Matcher link = DOCS_LINK.matcher(readme);
        while (link.find()) {
            pages.add(Project.ROOT.resolve(link.group(1)));
        }
        try (Stream<Path> docs = Files.list(Project.ROOT.resolve("docs"))) {
            List<Path> unlinked = docs.filter(p -> p.toString().endsWith(".md")).filter(p -> !pages.contains(p))
                    .filter(p -> BASH_BLOCK.matcher(read(p)).find()).toList();
            assertThat(unlinked).as("docs pages with commands that the README does not link").isEmpty();
        }
        return List.copyOf(pages);
    }

    static String read(Path page) {
        try {
            return Files.readString(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> blocks(String readme) {
        List<String> blocks = new ArrayList<>();
        Matcher m = BASH_BLOCK.matcher(readme);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    record Result(int exit, String output) {
    }

    Result run(String script, Duration timeout) throws IOException, InterruptedException {
        Path log = Files.createTempFile(runDir, "block", ".log");
        Process process = bash(script, log);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            kill(process);
            throw new AssertionError("timed out after " + timeout + ":\n" + script + "\n" + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }

    void startInBackground(String script, int port) throws IOException {
        Path log = Files.createTempFile(runDir, "dev", ".log");
        Process process = bash(script, log);
        background.add(process);
        HttpClient http = HttpClient.newHttpClient();
        Awaitility.await("dev mode of\n" + script).atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("exited:\n" + Files.readString(log));
                    }
                    return Files.readString(log).contains("Profile dev activated") && answers(http, port);
                });
    }

    static boolean answers(HttpClient http, int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Process bash(String script, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
                .directory(Project.ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("ORDERFLOW_RUN_DIR", runDir.toString());
        if (baseImage != null) {
            builder.environment().put("ORDERFLOW_BASE_IMAGE", baseImage);
        }
        fakeCluster.onPath(builder);
        builder.environment().put("FAKE_CLUSTER_INGRESS_PORT", "8080");
        return builder.start();
    }

    void stopBackground() {
        background.forEach(ReadmeIT::kill);
        background.clear();
    }

    /** The process and everything it started (mvnw, the dev-mode JVM). */
    static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
