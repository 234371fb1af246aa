package dev.orderflow.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import dev.orderflow.events.EventCatalog;
import dev.orderflow.manifest.BrokerResource;
import dev.orderflow.manifest.ManifestLoader;
import dev.orderflow.manifest.Topology;

/**
 * The published event contract, generated from {@link EventCatalog} and {@code eventing/}: a JSON Schema per type,
 * the EventType manifests, the AsyncAPI document. {@code scripts/run.sh manifests} writes them
 * ({@code java ... dev.orderflow.contract.ContractFiles <root>}); a test fails when a committed file differs from
 * what this would write.
 */
public final class ContractFiles {

    public static final String SCHEMAS = "functions/order-events/src/main/resources/schemas";
    public static final String EVENT_TYPES = "eventing/200-eventtypes.yaml";
    public static final String ASYNCAPI = "docs/asyncapi.yaml";
    private static final String GENERATED = "Generated from dev.orderflow.events.EventCatalog and eventing/ by"
            + " scripts/run.sh manifests. Do not edit.";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final YAMLMapper YAML = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).disable(YAMLGenerator.Feature.SPLIT_LINES).build();

    private ContractFiles() {
    }

    public static void main(String[] args) {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        render(root).forEach((file, content) -> {
            try {
                Files.createDirectories(root.resolve(file).getParent());
                Files.writeString(root.resolve(file), content);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            System.out.println(file);
        });
    }

    /** Each file of the contract, by its path under the repository's root, and its content. */
    public static Map<String, String> render(Path root) {
        Topology topology = ManifestLoader.load(root.resolve("eventing"));
        if (topology.brokers().size() != 1) {
            throw new IllegalStateException("eventing/ declares " + topology.brokers().size() + " brokers, not one");
        }
        BrokerResource broker = topology.brokers().get(0);
        Map<String, String> files = new LinkedHashMap<>();
        for (EventCatalog.Entry entry : EventCatalog.ENTRIES) {
            files.put(schemaFile(entry.type()), json(JsonSchemas.of(entry)));
        }
        StringBuilder eventTypes = new StringBuilder("# " + GENERATED + "\n");
        List<String> documents = EventTypeManifests.of(broker).stream().map(ContractFiles::yaml).toList();
        eventTypes.append(String.join("---\n", documents));
        files.put(EVENT_TYPES, eventTypes.toString());
        files.put(ASYNCAPI, "# " + GENERATED + "\n" + yaml(AsyncApi.of(topology, broker, projectVersion(root))));
        return files;
    }

    public static String schemaFile(String type) {
        return SCHEMAS + "/" + type + ".json";
    }

    private static String projectVersion(Path root) {
        try {
            String pom = Files.readString(root.resolve("pom.xml"));
            int artifact = pom.indexOf("<artifactId>orderflow-parent</artifactId>");
            int start = pom.indexOf("<version>", artifact) + "<version>".length();
            return pom.substring(start, pom.indexOf("</version>", start));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pom.xml", e);
        }
    }

    private static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String yaml(JsonNode node) {
        try {
            return YAML.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
