package dev.orderflow.testing;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * A function's answer, read the same way whatever the content mode: attributes from {@code ce-*} headers (binary)
 * or from the JSON envelope (structured), data as a {@link JsonPath}.
 */
public record Reply(int status, String contentType, Map<String, String> attributes, JsonPath data, String body,
        String retryAfter) {

    public static Reply of(Response response) {
        String contentType = response.getContentType();
        String body = response.getBody().asString();
        Map<String, String> attributes = new TreeMap<>();
        JsonPath data = null;
        if (contentType != null && contentType.startsWith("application/cloudevents+json")) {
            JsonPath envelope = JsonPath.from(body);
            Map<String, Object> fields = envelope.getMap("");
            fields.forEach((name, value) -> {
                if (!"data".equals(name) && value != null) {
                    attributes.put(name, value.toString());
                }
            });
            data = fields.containsKey("data") ? JsonPath.from(body).setRootPath("data") : null;
        } else {
            response.getHeaders().forEach(h -> {
                if (h.getName().toLowerCase(Locale.ROOT).startsWith("ce-")) {
                    attributes.put(h.getName().substring(3).toLowerCase(Locale.ROOT), h.getValue());
                }
            });
            if (!body.isEmpty() && contentType != null && contentType.startsWith("application/json")) {
                data = JsonPath.from(body);
            }
        }
        return new Reply(response.getStatusCode(), contentType, attributes, data, body, response.getHeader("Retry-After"));
    }

    public String attribute(String name) {
        return attributes.get(name);
    }

    public String id() {
        return attribute("id");
    }

    public String type() {
        return attribute("type");
    }

    public String source() {
        return attribute("source");
    }

    public String subject() {
        return attribute("subject");
    }

    public String partitionKey() {
        return attribute("partitionkey");
    }

    public String traceparent() {
        return attribute("traceparent");
    }

    public boolean structured() {
        return contentType != null && contentType.startsWith("application/cloudevents+json");
    }

    /** The error message of a 4xx/5xx JSON error body. */
    public String message() {
        return JsonPath.from(body).getString("message");
    }
}
