package dev.orderflow.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.ValidationMessage;

/**
 * The official Knative CRDs in {@code crds/} (see its SOURCES.md), as JSON Schemas: a manifest is checked against
 * the {@code openAPIV3Schema} of the CRD version its {@code apiVersion} names, as the API server would, and again
 * strictly, refusing unknown fields wherever the CRD does not preserve them ({@code kubectl apply --validate=strict}).
 */
public final class CrdSchemas {

    private static final List<String> CRD_FILES = List.of("service.yaml", "broker.yaml", "trigger.yaml",
            "100-kafka-sink.yaml", "100-kafka-source.yaml", "eventpolicy.yaml", "eventtype.yaml");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final JsonSchemaFactory FACTORY = draft4();
    private static final CrdSchemas INSTANCE = new CrdSchemas();

    /** {@code group/version Kind} to the CRD version's openAPIV3Schema. */
    private final Map<String, JsonNode> schemas = new ConcurrentHashMap<>();
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    private CrdSchemas() {
        for (String file : CRD_FILES) {
            JsonNode crd = read("/crds/" + file);
            String group = crd.path("spec").path("group").asText();
            String kind = crd.path("spec").path("names").path("kind").asText();
            for (JsonNode version : crd.path("spec").path("versions")) {
                schemas.put(group + "/" + version.path("name").asText() + " " + kind,
                        version.path("schema").path("openAPIV3Schema"));
            }
        }
    }

    /**
     * Draft 4, which the CRDs' OpenAPI v3 schemas follow, knowing Kubernetes's own {@code x-kubernetes-*} keywords:
     * none of them constrains a value here (preserve-unknown-fields is read by the strict check itself, and
     * int-or-string fields carry an {@code anyOf} of both types).
     */
    static JsonSchemaFactory draft4() {
        JsonMetaSchema v4 = JsonMetaSchema.builder(JsonMetaSchema.getV4())
                .keywords(List.of("x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string",
                        "x-kubernetes-embedded-resource", "x-kubernetes-list-type", "x-kubernetes-list-map-keys",
                        "x-kubernetes-map-type", "x-kubernetes-validations").stream().map(NonValidationKeyword::new)
                        .toList())
                .build();
        return JsonSchemaFactory.builder().defaultMetaSchemaIri(v4.getIri()).metaSchema(v4).build();
    }

    public static CrdSchemas get() {
        return INSTANCE;
    }

    /** True when a CRD here defines {@code apiVersion}/{@code kind}. */
    public boolean defines(String apiVersion, String kind) {
        return schemas.containsKey(apiVersion + " " + kind);
    }

    /**
     * What the CRD's schema finds wrong with {@code manifest}, raw then strict, as {@code "<where>: <message>"};
     * empty when it passes or no CRD here defines its kind.
     */
    public List<String> check(Manifest manifest) {
        String key = manifest.apiVersion() + " " + manifest.kind();
        if (!schemas.containsKey(key)) {
            return List.of();
        }
        JsonNode pruned = withoutNulls(manifest.node());
        List<String> problems = new ArrayList<>();
        for (ValidationMessage message : schema(key, false).validate(pruned)) {
            problems.add(manifest.where() + ": schema: " + message.getMessage());
        }
        if (problems.isEmpty()) {
            for (ValidationMessage message : schema(key, true).validate(pruned)) {
                problems.add(manifest.where() + ": strict: " + message.getMessage());
            }
        }
        return problems;
    }

    private JsonSchema schema(String key, boolean strict) {
        return compiled.computeIfAbsent(key + (strict ? " strict" : ""), k -> {
            JsonNode schema = schemas.get(key);
            return FACTORY.getSchema(strict ? strict(schema) : schema);
        });
    }

    /**
     * The schema with {@code additionalProperties: false} on every object that lists its properties and does not
     * preserve unknown fields; the root also allows apiVersion, kind and metadata (most CRDs list only spec and
     * status there).
     */
    static JsonNode strict(JsonNode schema) {
        ObjectNode copy = schema.deepCopy();
        ObjectNode properties = (ObjectNode) copy.path("properties");
        for (String field : List.of("apiVersion", "kind", "metadata")) {
            if (!properties.has(field)) {
                properties.putObject(field).put("type", field.equals("metadata") ? "object" : "string");
            }
        }
        closeObjects(copy);
        return copy;
    }

    private static void closeObjects(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.has("properties") && !object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
                    && !object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            object.elements().forEachRemaining(CrdSchemas::closeObjects);
        } else if (node instanceof ArrayNode array) {
            array.forEach(CrdSchemas::closeObjects);
        }
    }

    /** The API server drops null values of fields that are not nullable before it validates; so does this. */
    static JsonNode withoutNulls(JsonNode node) {
        JsonNode copy = node.deepCopy();
        prune(copy);
        return copy;
    }

    private static void prune(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getValue().isNull()) {
                    it.remove();
                } else {
                    prune(field.getValue());
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(CrdSchemas::prune);
        }
    }

    private static JsonNode read(String resource) {
        try (InputStream in = CrdSchemas.class.getResourceAsStream(resource)) {
            return YAML.readTree(Optional.ofNullable(in).orElseThrow(() -> new IllegalStateException(resource)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
