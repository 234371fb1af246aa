package dev.orderflow.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.cloudevents.CloudEvent;

import dev.orderflow.contract.ContractFiles;

/** The published JSON Schemas, read from the repository as a consumer would read them, and checked against data. */
public final class EventSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    /** What the schema of {@code event}'s type finds wrong with its data; empty when it conforms. */
    public static List<String> problems(CloudEvent event) {
        if (event.getData() == null) {
            return List.of(event.getType() + ": no data");
        }
        try {
            return problems(event.getType(), JSON.readTree(event.getData().toBytes()));
        } catch (IOException e) {
            return List.of(event.getType() + ": data is not JSON: " + e.getMessage());
        }
    }

    public static List<String> problems(String type, JsonNode data) {
        return schema(type).validate(data).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /** The schema file of {@code type}, in the repository. */
    public static Path file(String type) {
        return Project.ROOT.resolve(ContractFiles.schemaFile(type));
    }

    private static JsonSchema schema(String type) {
        return SCHEMAS.computeIfAbsent(type, t -> {
            try {
                return FACTORY.getSchema(JSON.readTree(file(t).toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException("no schema for " + t + " at " + file(t), e);
            }
        });
    }
}
