package dev.orderflow.testing;

import static io.restassured.RestAssured.given;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * A CloudEvent to post to a function, in binary or structured mode. Attributes set to {@code null} are left out,
 * so tests can build malformed events too.
 */
public final class Event {

    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final Map<String, String> httpHeaders = new LinkedHashMap<>();
    private Object data;

    private Event(String type, Object data) {
        attributes.put("specversion", "1.0");
        attributes.put("id", UUID.randomUUID().toString());
        attributes.put("source", "/tests");
        attributes.put("type", type);
        attributes.put("time", OffsetDateTime.now(ZoneOffset.UTC).toString());
        this.data = data;
    }

    /** {@code data} is a JSON-serialisable object (a record, a map, a JsonNode). */
    public static Event of(String type, Object data) {
        return new Event(type, data);
    }

    public Event attribute(String name, String value) {
        if (value == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, value);
        }
        return this;
    }

    public Event id(String id) {
        return attribute("id", id);
    }

    public Event subject(String subject) {
        return attribute("subject", subject);
    }

    public Event traceparent(String traceparent) {
        return attribute("traceparent", traceparent);
    }

    /** An HTTP header beside the event, such as the W3C {@code traceparent} a broker sends. */
    public Event header(String name, String value) {
        httpHeaders.put(name, value);
        return this;
    }

    public Event data(Object data) {
        this.data = data;
        return this;
    }

    public String id() {
        return attributes.get("id");
    }

    /** The value of a CloudEvent attribute or extension of this event; {@code null} when not set. */
    public String attribute(String name) {
        return attributes.get(name);
    }

    public Object data() {
        return data;
    }

    public RequestSpecification request(Mode mode) {
        RequestSpecification spec = given().headers(httpHeaders);
        JsonNode json = data == null ? null : MAPPER.valueToTree(data);
        if (mode == Mode.BINARY) {
            attributes.forEach((name, value) -> spec.header("ce-" + name, value));
            spec.contentType(ContentType.JSON);
            return json == null ? spec : spec.body(json.toString());
        }
        ObjectNode envelope = MAPPER.createObjectNode();
        attributes.forEach(envelope::put);
        if (json != null) {
            envelope.put("datacontenttype", "application/json").set("data", json);
        }
        return spec.contentType("application/cloudevents+json").body(envelope.toString());
    }

    /** The JSON of the data, for tests that break it on purpose. */
    public static ObjectNode json(Object data) {
        return MAPPER.valueToTree(data);
    }

    public Reply post(Mode mode) {
        return Reply.of(request(mode).post("/"));
    }
}
