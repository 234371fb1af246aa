package dev.orderflow.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** The project's manifests, read as Kubernetes reads them (YAML 1.1, Jackson 2). */
final class Manifests {

    static final Path ROOT = Path.of(System.getProperty("orderflow.root", "..")).toAbsolutePath().normalize();
    static final Path EVENTING = ROOT.resolve("eventing");
    static final Path KNATIVE = ROOT.resolve("knative");
    static final List<String> FUNCTIONS = List.of("order-validator", "payment", "inventory", "shipping",
            "order-notifier");
    static final YAMLMapper YAML = new YAMLMapper();

    private Manifests() {
    }

    static JsonNode read(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document of every .yaml file directly in {@code dir}, kustomizations left out. */
    static List<JsonNode> all(Path dir) {
        List<JsonNode> documents = new ArrayList<>();
        for (Path file : yamlFiles(dir)) {
            try (MappingIterator<JsonNode> it = YAML.readValues(YAML.getFactory().createParser(file.toFile()),
                    JsonNode.class)) {
                while (it.hasNextValue()) {
                    JsonNode node = it.nextValue();
                    if (node != null && node.isObject() && !node.path("kind").asText().equals("Kustomization")) {
                        documents.add(node);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return documents;
    }

    static List<Path> yamlFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode service(String function) {
        return read(KNATIVE.resolve("400-" + function + "-service.yaml"));
    }

    static List<JsonNode> triggers() {
        return all(EVENTING).stream().filter(m -> m.path("kind").asText().equals("Trigger")).toList();
    }
}
