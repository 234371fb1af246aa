package dev.orderflow.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the Broker, Trigger, ConfigMap and KafkaSink manifests of a directory, the very files a cluster applies,
 * checks them against the Knative CRDs ({@link CrdSchemas}) and the webhook rules ({@link ManifestRules}), and builds
 * the {@link Topology} the local broker serves. Other kinds (Namespaces, Services, EventPolicies) are checked too,
 * then left aside.
 * <p>
 * YAML is read as Kubernetes reads it, YAML 1.1 (Jackson 2's YAML parser): an unquoted {@code yes} or {@code on} is
 * a boolean, so a filter value written that way is refused as it would be by the API server.
 */
public final class ManifestLoader {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final String KUSTOMIZE_API = "kustomize.config.k8s.io/";

    private ManifestLoader() {
    }

    /** Every YAML document of the {@code .yaml}/{@code .yml} files directly in {@code directory}, in file-name order. */
    public static List<Manifest> read(Path directory) {
        List<Manifest> manifests = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(ManifestLoader::isYaml).sorted().toList()) {
                manifests.addAll(readFile(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read manifests in " + directory, e);
        }
        return manifests;
    }

    public static List<Manifest> readFile(Path file) {
        List<Manifest> manifests = new ArrayList<>();
        try (JsonParser parser = YAML.getFactory().createParser(file.toFile());
                MappingIterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class)) {
            int index = 0;
            // hasNextValue/nextValue throw a syntax error as IOException; hasNext/next would wrap it unchecked.
            while (documents.hasNextValue()) {
                JsonNode node = documents.nextValue();
                // A kustomization.yaml says how to apply the others; it is not a resource.
                if (node != null && node.isObject() && !node.path("apiVersion").asText().startsWith(KUSTOMIZE_API)) {
                    manifests.add(new Manifest(file, index, node));
                }
                index++;
            }
        } catch (IOException e) {
            throw new ManifestException(List.of(file.getFileName() + ": not valid YAML: " + e.getMessage()));
        }
        return manifests;
    }

    public static Topology load(Path directory) {
        return load(directory, ClusterFeatures.DEFAULTS);
    }

    /** The topology of {@code directory}, its manifests checked as a cluster with {@code features} on checks them. */
    public static Topology load(Path directory, ClusterFeatures features) {
        return build(read(directory), features);
    }

    /**
     * Everything a cluster would refuse in {@code manifest}: its CRD's schema, raw and strict, and the webhook rules.
     */
    public static List<String> problems(Manifest manifest) {
        return problems(manifest, ClusterFeatures.DEFAULTS);
    }

    /** The same, on a cluster whose Eventing has {@code features} on. */
    public static List<String> problems(Manifest manifest, ClusterFeatures features) {
        List<String> problems = new ArrayList<>(CrdSchemas.get().check(manifest));
        problems.addAll(ManifestRules.check(manifest, features));
        return problems;
    }

    public static Topology build(List<Manifest> manifests) {
        return build(manifests, ClusterFeatures.DEFAULTS);
    }

    public static Topology build(List<Manifest> manifests, ClusterFeatures features) {
        List<String> problems = new ArrayList<>();
        manifests.forEach(m -> problems.addAll(problems(m, features)));
        if (!problems.isEmpty()) {
            throw new ManifestException(problems);
        }

        Map<String, Manifest> configMaps = new HashMap<>();
        Map<String, KafkaSinkResource> sinks = new LinkedHashMap<>();
        List<Manifest> brokers = new ArrayList<>();
        List<Manifest> triggers = new ArrayList<>();
        List<EventTypeResource> eventTypes = new ArrayList<>();
        for (Manifest m : manifests) {
            if (m.is(ManifestRules.CONFIG_MAP_API, "ConfigMap")) {
                configMaps.put(m.namespace() + "/" + m.name(), m);
            } else if (m.is(ManifestRules.KAFKA_SINK_API, "KafkaSink")) {
                sinks.put(m.namespace() + "/" + m.name(), kafkaSink(m));
            } else if (m.is(ManifestRules.EVENTING_API, "Broker")) {
                brokers.add(m);
            } else if (m.is(ManifestRules.EVENTING_API, "Trigger")) {
                triggers.add(m);
            } else if (m.is(ManifestRules.EVENT_TYPE_API, "EventType")) {
                eventTypes.add(eventType(m));
            }
        }

        List<BrokerResource> brokerResources = new ArrayList<>();
        for (Manifest m : brokers) {
            String brokerClass = m.annotation(ManifestRules.BROKER_CLASS_ANNOTATION);
            if (brokerClass == null || !brokerClass.startsWith("Kafka")) {
                problems.add(m.where() + ": metadata.annotations." + ManifestRules.BROKER_CLASS_ANNOTATION
                        + ": the local broker serves Kafka brokers only, not '" + brokerClass + "'");
                continue;
            }
            JsonNode configRef = m.node().path("spec").path("config");
            String configKey = configRef.path("namespace").asText(m.namespace()) + "/" + configRef.path("name").asText("");
            Manifest config = configMaps.get(configKey);
            if (config == null) {
                problems.add(m.where() + ": spec.config: ConfigMap " + configKey + " is not among the manifests");
                continue;
            }
            brokerResources.add(new BrokerResource(m.namespace(), m.name(), brokerClass, kafkaConfig(config),
                    delivery(m.node().path("spec").path("delivery"))));
        }

        List<TriggerResource> triggerResources = new ArrayList<>();
        for (Manifest m : triggers) {
            JsonNode spec = m.node().path("spec");
            String brokerName = spec.path("broker").asText(spec.path("brokerRef").path("name").asText(""));
            BrokerResource broker = brokerResources.stream()
                    .filter(b -> b.namespace().equals(m.namespace()) && b.name().equals(brokerName))
                    .findFirst().orElse(null);
            if (broker == null) {
                problems.add(m.where() + ": spec.broker: Broker " + m.namespace() + "/" + brokerName
                        + " is not among the manifests");
                continue;
            }
            DeliverySpec delivery = delivery(spec.path("delivery")).over(broker.delivery()).withDefaults();
            triggerResources.add(new TriggerResource(m.namespace(), m.name(), brokerName, filters(spec),
                    attributes(spec), destination(spec.path("subscriber")), delivery,
                    "ordered".equals(m.annotation(ManifestRules.DELIVERY_ORDER_ANNOTATION))));
        }
        if (!problems.isEmpty()) {
            throw new ManifestException(problems);
        }
        return new Topology(List.copyOf(brokerResources), List.copyOf(triggerResources), Map.copyOf(sinks),
                List.copyOf(eventTypes));
    }

    /** The broker an EventType references ({@code spec.reference}, or the older {@code spec.broker}). */
    private static EventTypeResource eventType(Manifest m) {
        JsonNode spec = m.node().path("spec");
        String broker = spec.path("reference").path("kind").asText().equals("Broker")
                ? spec.path("reference").path("name").asText() : spec.path("broker").asText();
        return new EventTypeResource(m.namespace(), m.name(), broker, spec.path("type").asText(),
                spec.path("source").asText(), spec.path("schema").asText(), spec.path("description").asText());
    }

    private static KafkaBrokerConfig kafkaConfig(Manifest m) {
        JsonNode data = m.node().path("data");
        return new KafkaBrokerConfig(m.namespace(), m.name(),
                Integer.parseInt(data.path(KafkaRules.PARTITIONS).asText("1")),
                Integer.parseInt(data.path(KafkaRules.REPLICATION).asText("1")),
                data.path(KafkaRules.BOOTSTRAP).asText(""));
    }

    private static KafkaSinkResource kafkaSink(Manifest m) {
        JsonNode spec = m.node().path("spec");
        return new KafkaSinkResource(m.namespace(), m.name(), spec.path("topic").asText(),
                spec.has("numPartitions") ? spec.path("numPartitions").asInt() : null,
                spec.has("replicationFactor") ? spec.path("replicationFactor").asInt() : null);
    }

    static DeliverySpec delivery(JsonNode delivery) {
        if (delivery.isMissingNode() || delivery.isNull()) {
            return DeliverySpec.NONE;
        }
        return new DeliverySpec(
                delivery.has("retry") ? delivery.path("retry").asInt() : null,
                delivery.has("backoffPolicy") ? BackoffPolicy.parse(delivery.path("backoffPolicy").asText()) : null,
                delivery.has("backoffDelay") ? ManifestRules.parseDuration(delivery.path("backoffDelay").asText()) : null,
                delivery.has("timeout") ? ManifestRules.parseDuration(delivery.path("timeout").asText()) : null,
                delivery.has("retryAfterMax") ? ManifestRules.parseDuration(delivery.path("retryAfterMax").asText()) : null,
                delivery.has("deadLetterSink") ? destination(delivery.path("deadLetterSink")) : null);
    }

    static Destination destination(JsonNode node) {
        JsonNode ref = node.path("ref");
        Destination.Ref r = ref.isMissingNode() ? null : new Destination.Ref(ref.path("apiVersion").asText(),
                ref.path("kind").asText(), ref.path("name").asText(),
                ref.has("namespace") ? ref.path("namespace").asText() : null);
        return new Destination(r, node.has("uri") ? node.path("uri").asText() : null);
    }

    private static List<JsonNode> filters(JsonNode spec) {
        List<JsonNode> filters = new ArrayList<>();
        spec.path("filters").forEach(filters::add);
        return List.copyOf(filters);
    }

    private static Map<String, String> attributes(JsonNode spec) {
        Map<String, String> map = new LinkedHashMap<>();
        spec.path("filter").path("attributes").fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return Map.copyOf(map);
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }
}
