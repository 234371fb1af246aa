package dev.orderflow.manifest;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

/** One YAML document of a manifest file, as Kubernetes reads it (YAML 1.1). */
public record Manifest(Path file, int document, JsonNode node) {

    public String apiVersion() {
        return node.path("apiVersion").asText("");
    }

    public String kind() {
        return node.path("kind").asText("");
    }

    public String name() {
        return node.path("metadata").path("name").asText("");
    }

    /** The namespace; {@code default} when the manifest leaves it to {@code kubectl -n}. */
    public String namespace() {
        return node.path("metadata").path("namespace").asText("default");
    }

    public String annotation(String key) {
        JsonNode value = node.path("metadata").path("annotations").get(key);
        return value == null ? null : value.asText();
    }

    public boolean is(String apiVersion, String kind) {
        return apiVersion().equals(apiVersion) && kind().equals(kind);
    }

    /** {@code 300-trigger-x.yaml: Trigger orderflow/x} (with the document number when a file holds several). */
    public String where() {
        return file.getFileName() + (document > 0 ? "#" + document : "") + ": " + kind() + " " + namespace() + "/" + name();
    }
}
