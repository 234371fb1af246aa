package dev.orderflow.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Manifests for the manifest, filter and loader tests. YAML goes through {@link ManifestLoader#readFile} on a real
 * file, so the tests parse it exactly as the broker does (YAML 1.1: an unquoted {@code yes} is a boolean).
 */
public final class ManifestFixtures {

    /** The file name every parsed manifest reports in its problems. */
    public static final String FILE_NAME = "test.yaml";

    public static final String CONFIG_MAP = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: kafka-broker-config
              namespace: orderflow
            data:
              default.topic.partitions: "10"
              default.topic.replication.factor: "3"
              bootstrap.servers: "localhost:9092"
            """;

    public static final String BROKER_CONFIG = """
            config:
              apiVersion: v1
              kind: ConfigMap
              name: kafka-broker-config
            """;

    /** A Kafka Broker {@code orderflow/orders} on {@link #CONFIG_MAP}, without a delivery. */
    public static final String BROKER = broker(BROKER_CONFIG);

    /** The smallest valid Trigger spec body: a broker and a subscriber. */
    public static final String TRIGGER_BASICS = """
            broker: orders
            subscriber:
              uri: http://localhost:8080
            """;

    private ManifestFixtures() {
    }

    /** A Broker {@code orderflow/orders} of class Kafka with {@code spec} as its spec body. */
    public static String broker(String spec) {
        return """
                apiVersion: eventing.knative.dev/v1
                kind: Broker
                metadata:
                  name: orders
                  namespace: orderflow
                  annotations:
                    eventing.knative.dev/broker.class: Kafka
                spec:
                """ + spec.indent(2);
    }

    /** A Trigger {@code orderflow/t} with {@code spec} as its spec body. */
    public static String trigger(String spec) {
        return trigger("t", spec);
    }

    public static String trigger(String name, String spec) {
        return """
                apiVersion: eventing.knative.dev/v1
                kind: Trigger
                metadata:
                  name: %s
                  namespace: orderflow
                spec:
                """.formatted(name) + spec.indent(2);
    }

    /** One multi-document YAML text. */
    public static String documents(String... documents) {
        return String.join("---\n", documents);
    }

    /** The manifests in {@code yaml}, read from a file named {@value #FILE_NAME}. */
    public static List<Manifest> parse(String yaml) {
        try {
            Path directory = Files.createTempDirectory("manifests");
            Path file = Files.writeString(directory.resolve(FILE_NAME), yaml);
            try {
                return ManifestLoader.readFile(file);
            } finally {
                Files.delete(file);
                Files.delete(directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The topology of the given YAML documents. */
    public static Topology build(String... documents) {
        return ManifestLoader.build(parse(documents(documents)));
    }

    /**
     * The repository's {@code eventing/} directory, found by walking up from the working directory, so the tests
     * pass whether Maven runs from the repository root or from the module.
     */
    public static Path eventingDirectory() {
        return repositoryDirectory().resolve("eventing");
    }

    /** The opt-in overlay of sender identity: EventPolicies and the shop's service account. */
    public static Path oidcDirectory() {
        return eventingDirectory().resolve("oidc");
    }

    /** The repository's {@code knative/} directory: the functions' Knative Services and the kustomization. */
    public static Path knativeDirectory() {
        return repositoryDirectory().resolve("knative");
    }

    /** The text of a file of the repository, such as {@code knative/400-payment-service.yaml}. */
    public static String repositoryFile(String path) {
        try {
            return Files.readString(repositoryDirectory().resolve(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code text} with its one occurrence of {@code from} replaced by {@code to}: a broken copy of a manifest
     * fails loudly, rather than passing unbroken, when the manifest it copies changes.
     */
    public static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new IllegalArgumentException((at < 0 ? "no " : "more than one ") + "'" + from + "' in:\n" + text);
        }
        return text.substring(0, at) + to + text.substring(at + from.length());
    }

    public static Path repositoryDirectory() {
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("eventing/102-broker.yaml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no eventing/102-broker.yaml above " + System.getProperty("user.dir"));
    }
}
