package dev.orderflow.contract;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.orderflow.events.EventCatalog;
import dev.orderflow.events.Extensions;
import dev.orderflow.manifest.BrokerResource;
import dev.orderflow.manifest.Topology;
import dev.orderflow.manifest.TriggerResource;

/**
 * The AsyncAPI 3.0 document of the flow: the broker's ingress as the one channel, each event type as a message (its
 * CloudEvents binary-mode headers and its data's schema), and which function sends and which receives it: senders
 * from the catalogue, receivers from the Triggers in {@code eventing/}.
 */
public final class AsyncApi {

    public static final String VERSION = "3.0.0";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String CHANNEL = "orders";
    /** Who posts order.placed: the shop, outside the flow. */
    private static final String SHOP = "shop";

    private AsyncApi() {
    }

    public static ObjectNode of(Topology topology, BrokerResource broker, String projectVersion) {
        ObjectNode doc = JSON.objectNode();
        doc.put("asyncapi", VERSION);
        ObjectNode info = doc.putObject("info");
        info.put("title", "orderflow order events");
        info.put("version", projectVersion);
        info.put("description", "The events of the order flow on the Knative broker " + broker.namespace() + "/"
                + broker.name() + ". Every event is a CloudEvent in binary mode: the attributes are ce- headers, the"
                + " data is the JSON body. Generated from dev.orderflow.events.EventCatalog and eventing/ by"
                + " scripts/run.sh manifests; do not edit.");
        doc.put("defaultContentType", "application/json");
        String path = "/" + broker.namespace() + "/" + broker.name();
        ObjectNode servers = doc.putObject("servers");
        server(servers, "cluster", "kafka-broker-ingress.knative-eventing.svc.cluster.local", path,
                "The Knative Kafka broker's ingress in the cluster.");
        server(servers, "local", "127.0.0.1:8080", path, "The local broker of scripts/run.sh up.");

        ObjectNode channel = doc.putObject("channels").putObject(CHANNEL);
        channel.put("address", path);
        channel.put("description", "The broker: one Kafka topic, every event of every order, keyed by order id.");
        ObjectNode channelMessages = channel.putObject("messages");
        ObjectNode operations = doc.putObject("operations");
        ObjectNode messages = doc.putObject("components").putObject("messages");
        for (EventCatalog.Entry entry : EventCatalog.ENTRIES) {
            messages.set(entry.type(), message(entry));
            channelMessages.putObject(entry.type()).put("$ref", "#/components/messages/" + entry.type());
            String sender = entry.source().map(s -> s.substring(s.lastIndexOf('/') + 1)).orElse(SHOP);
            operation(operations, sender, "send", entry.type());
            for (String receiver : receivers(topology, broker, entry.type())) {
                operation(operations, receiver, "receive", entry.type());
            }
        }
        return doc;
    }

    private static void server(ObjectNode servers, String name, String host, String path, String description) {
        ObjectNode server = servers.putObject(name);
        server.put("host", host);
        server.put("pathname", path);
        server.put("protocol", "http");
        server.put("description", description);
    }

    private static void operation(ObjectNode operations, String who, String action, String type) {
        ObjectNode operation = operations.putObject(who + "." + action + "." + type);
        operation.put("action", action);
        operation.put("summary", who + " " + action + "s " + type);
        operation.putObject("channel").put("$ref", "#/channels/" + CHANNEL);
        operation.putArray("messages").addObject().put("$ref", "#/channels/" + CHANNEL + "/messages/" + type);
    }

    private static ObjectNode message(EventCatalog.Entry entry) {
        ObjectNode message = JSON.objectNode();
        message.put("name", entry.type());
        message.put("title", entry.type());
        message.put("summary", entry.description());
        message.put("contentType", "application/json");
        message.set("headers", headers(entry));
        ObjectNode payload = JsonSchemas.of(entry);
        // AsyncAPI's default schema format is a superset of draft-07; $schema and $id stay in the published files.
        payload.remove(List.of("$schema", "$id"));
        message.set("payload", payload);
        return message;
    }

    /** The CloudEvents HTTP binding's binary-mode headers of an event of this type. */
    private static ObjectNode headers(EventCatalog.Entry entry) {
        Map<String, ObjectNode> headers = new LinkedHashMap<>();
        headers.put("ce-specversion", constant("1.0"));
        headers.put("ce-type", constant(entry.type()));
        headers.put("ce-id", string("Unique per source; a function derives it from the event it answered."));
        headers.put("ce-source", entry.source().map(AsyncApi::constant)
                .orElseGet(() -> string("The shop's URI reference.")));
        headers.put("ce-subject", string("The order id."));
        headers.put("ce-" + Extensions.PARTITION_KEY, string("The order id: every event of an order on one partition."));
        headers.put("ce-dataschema", entry.source().isPresent() ? constant(entry.schema())
                : string("Optional: " + entry.schema()));
        headers.put("ce-time", string("When it happened (RFC 3339)."));
        headers.put(Extensions.TRACEPARENT, string("W3C trace context: one order is one trace."));
        ObjectNode schema = JSON.objectNode();
        schema.put("type", "object");
        headers.forEach(schema.putObject("properties")::set);
        List<String> required = new ArrayList<>(List.of("ce-specversion", "ce-type", "ce-id", "ce-source"));
        if (entry.source().isPresent()) {
            required.addAll(List.of("ce-subject", "ce-" + Extensions.PARTITION_KEY, "ce-dataschema"));
        }
        required.forEach(schema.putArray("required")::add);
        return schema;
    }

    private static ObjectNode constant(String value) {
        ObjectNode node = JSON.objectNode();
        node.put("type", "string");
        node.put("const", value);
        return node;
    }

    private static ObjectNode string(String description) {
        ObjectNode node = JSON.objectNode();
        node.put("type", "string");
        node.put("description", description);
        return node;
    }

    /** The subscribers of the broker's Triggers that select {@code type}, by the Service they name. */
    static List<String> receivers(Topology topology, BrokerResource broker, String type) {
        List<String> receivers = new ArrayList<>();
        for (TriggerResource trigger : topology.triggersOf(broker)) {
            if (selects(trigger, type) && trigger.subscriber().ref() != null) {
                String name = trigger.subscriber().ref().name();
                if (!receivers.contains(name)) {
                    receivers.add(name);
                }
            }
        }
        return receivers;
    }

    /** True when the Trigger takes {@code type} by an exact match: an attribute, an exact filter, or one in an any. */
    private static boolean selects(TriggerResource trigger, String type) {
        if (!trigger.filters().isEmpty()) {
            return trigger.filters().stream().anyMatch(f -> exactType(f, type)
                    || f.has("any") && StreamSupport.stream(f.path("any").spliterator(), false)
                            .anyMatch(any -> exactType(any, type)));
        }
        return type.equals(Optional.ofNullable(trigger.attributes().get("type")).orElse(""));
    }

    private static boolean exactType(JsonNode filter, String type) {
        return type.equals(filter.path("exact").path("type").asText());
    }
}
