package dev.orderflow.function;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.quarkus.funqy.knative.events.CloudEventMapping;
import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.orderflow.events.Extensions;

/**
 * Stands in front of Funqy's route and keeps the broker's contract for what Funqy gets wrong on its own: a request
 * that is not a valid CloudEvent 1.0 this function consumes gets a 4xx naming the fault (Funqy would answer 500 and
 * have the broker retry a poison event forever, or accept events without required attributes), and any failure
 * becomes a JSON error without a stack trace.
 *
 * <pre>
 * POST ─▶ body handler ─▶ CloudEventGate.check ─▶ Funqy ─▶ @Funq method
 *                              │ 4xx                 │ failure
 *                              ▼                     ▼
 *                          JSON error ◀──── CloudEventGate.fail
 * </pre>
 */
@ApplicationScoped
public class CloudEventGate {

    private static final Logger LOG = Logger.getLogger(CloudEventGate.class);

    /** After Quarkus's body handler, before Funqy's route (default order). */
    static final int ROUTE_ORDER = -100;

    static final String STRUCTURED = "application/cloudevents+json";
    static final String BATCH = "application/cloudevents-batch+json";
    static final String JSON = "application/json";
    private static final String SPEC_VERSION = "1.0";
    private static final String CE_PREFIX = "ce-";
    private static final List<String> REQUIRED = List.of("id", "source", "type", "specversion");

    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonFormat structuredFormat = new JsonFormat();
    private final long maxBodySize;
    private volatile Set<String> consumedTypes;

    public CloudEventGate(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBodySize) {
        this.maxBodySize = maxBodySize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(ROUTE_ORDER).failureHandler(this::fail);
        router.route().order(ROUTE_ORDER).handler(this::check);
    }

    void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.path().startsWith("/q/")) {
            ctx.next();
            return;
        }
        try {
            if (admit(ctx)) {
                ctx.next();
            }
        } catch (EventException e) {
            if (e.status() == EventException.METHOD_NOT_ALLOWED) {
                ctx.response().putHeader(HttpHeaders.ALLOW, "POST, OPTIONS");
            }
            ErrorReplies.send(ctx.response(), e.status(), e.getMessage());
        }
    }

    /** True when the request is a CloudEvent for Funqy; false when this method answered it already. */
    private boolean admit(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.method() == HttpMethod.OPTIONS) {
            // Knative's probe of a subscriber: it must list POST.
            ctx.response().putHeader(HttpHeaders.ALLOW, "POST, OPTIONS").setStatusCode(200).end();
            return false;
        }
        if (request.method() != HttpMethod.POST) {
            throw EventException.methodNotAllowed(request.method().name());
        }
        String mediaType = mediaType(request.getHeader(HttpHeaders.CONTENT_TYPE));
        Buffer body = ctx.body().buffer();
        byte[] bytes = body == null ? new byte[0] : body.getBytes();
        CloudEvent event;
        if (BATCH.equals(mediaType)) {
            throw EventException.unsupportedMediaType("batch mode (" + BATCH + ") is not supported: send one event per request");
        } else if (mediaType != null && mediaType.startsWith("application/cloudevents")) {
            if (!STRUCTURED.equals(mediaType)) {
                throw EventException.unsupportedMediaType("structured CloudEvents must be " + STRUCTURED + ", not " + mediaType);
            }
            // The content type decides the mode; Funqy would take ce-* headers for binary mode instead.
            request.headers().names().stream().filter(CloudEventGate::isCeHeader).toList()
                    .forEach(request.headers()::remove);
            event = readStructured(bytes);
        } else if (request.headers().names().stream().anyMatch(CloudEventGate::isCeHeader)) {
            event = readBinary(request, mediaType, bytes);
        } else {
            throw EventException.invalidEvent("not a CloudEvent: send binary mode (ce-id, ce-source, ce-type and "
                    + "ce-specversion headers with a JSON body) or structured mode (Content-Type: " + STRUCTURED + ")");
        }
        requireConsumedType(event.getType());
        TraceContexts.requireValid("the HTTP header", request.getHeader(Extensions.TRACEPARENT),
                request.getHeader(Extensions.TRACESTATE));
        TraceContexts.requireValid("the CloudEvent extension", stringExtension(event, Extensions.TRACEPARENT),
                stringExtension(event, Extensions.TRACESTATE));
        return true;
    }

    private CloudEvent readStructured(byte[] bytes) {
        JsonNode json = parseJson(bytes, "the structured CloudEvent");
        if (!json.isObject()) {
            throw EventException.invalidEvent("a structured CloudEvent is a JSON object, not " + describe(json));
        }
        for (String attribute : REQUIRED) {
            JsonNode value = json.get(attribute);
            if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
                throw EventException.missingAttribute(attribute);
            }
            if (!value.isTextual()) {
                throw EventException.invalidEvent("CloudEvent attribute '" + attribute + "' must be a string, not "
                        + describe(value));
            }
        }
        requireSpecVersion(json.get("specversion").asText());
        JsonNode dataContentType = json.get("datacontenttype");
        if (dataContentType != null && !JSON.equals(mediaType(dataContentType.asText()))) {
            throw EventException.unsupportedMediaType("datacontenttype must be " + JSON + ", not " + dataContentType.asText());
        }
        if (json.has("data_base64")) {
            throw EventException.unsupportedMediaType("data_base64 is not accepted: data must be a JSON object in 'data'");
        }
        requireObjectData(json.get("data"));
        try {
            return structuredFormat.deserialize(bytes);
        } catch (RuntimeException e) {
            throw EventException.invalidEvent("invalid CloudEvent: " + sdkMessage(e));
        }
    }

    private CloudEvent readBinary(HttpServerRequest request, String mediaType, byte[] bytes) {
        for (String attribute : REQUIRED) {
            String value = request.getHeader(CE_PREFIX + attribute);
            if (value == null || value.isBlank()) {
                throw EventException.missingAttribute(attribute);
            }
        }
        requireSpecVersion(request.getHeader("ce-specversion"));
        if (mediaType == null || !JSON.equals(mediaType)) {
            throw EventException.unsupportedMediaType("Content-Type must be " + JSON + " for the event data, not "
                    + (mediaType == null ? "absent" : mediaType));
        }
        requireObjectData(bytes.length == 0 ? null : parseJson(bytes, "the event data"));
        try {
            MessageReader reader = HttpMessageFactory.createReader(
                    headers -> request.headers().forEach(headers::accept), bytes);
            return reader.toEvent();
        } catch (RuntimeException e) {
            throw EventException.invalidEvent("invalid CloudEvent: " + sdkMessage(e));
        }
    }

    private void requireSpecVersion(String specVersion) {
        if (!SPEC_VERSION.equals(specVersion)) {
            throw EventException.invalidEvent("specversion must be " + SPEC_VERSION + ", not '" + specVersion + "'");
        }
    }

    private static void requireObjectData(JsonNode data) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            throw EventException.invalidEvent("data is missing: the event carries a JSON object");
        }
        if (!data.isObject()) {
            throw EventException.invalidEvent("data must be a JSON object, not " + describe(data));
        }
    }

    private void requireConsumedType(String type) {
        Set<String> types = consumedTypes();
        if (!types.contains(type)) {
            throw EventException.invalidEvent("this function consumes " + String.join(", ", types) + ", not type '"
                    + type + "'");
        }
    }

    private JsonNode parseJson(byte[] bytes, String what) {
        if (bytes.length == 0) {
            throw EventException.invalidEvent(what + " is empty");
        }
        try {
            return mapper.readTree(bytes);
        } catch (IOException e) {
            throw EventException.invalidEvent(what + " is not valid JSON: " + firstLine(
                    e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage()));
        }
    }

    /** The types this application's functions are triggered by, read from their {@link CloudEventMapping}. */
    Set<String> consumedTypes() {
        Set<String> types = consumedTypes;
        if (types == null) {
            types = new TreeSet<>();
            for (FunctionInvoker invoker : FunctionRecorder.registry.invokers()) {
                CloudEventMapping mapping = invoker.getMethod().getAnnotation(CloudEventMapping.class);
                types.add(mapping != null && !mapping.trigger().isEmpty() ? mapping.trigger() : invoker.getName());
            }
            consumedTypes = types;
        }
        return types;
    }

    /** Maps whatever failed behind the gate to the broker's contract, with no stack trace in the reply. */
    void fail(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status = ctx.statusCode();
        EventException known = find(failure, EventException.class);
        JsonMappingException mapping = find(failure, JsonMappingException.class);
        if (known != null) {
            if (known.retryable()) {
                LOG.warnf("status=%d reason=\"%s\"", known.status(), known.getMessage());
            }
            ErrorReplies.send(ctx.response(), known.status(), known.getMessage());
        } else if (mapping != null) {
            ErrorReplies.send(ctx.response(), EventException.BAD_REQUEST, "data does not match the payload: " + describe(mapping));
        } else if (status == EventException.PAYLOAD_TOO_LARGE) {
            ErrorReplies.send(ctx.response(), status, "request body is larger than the limit of " + maxBodySize + " bytes");
        } else if (status >= 400 && status < 500) {
            ErrorReplies.send(ctx.response(), status, "request refused");
        } else {
            LOG.errorf("status=500 error=%s reason=\"%s\"", failure == null ? "none" : failure.getClass().getName(),
                    failure == null ? "" : firstLine(failure.getMessage()));
            ErrorReplies.send(ctx.response(), 500, "internal error while processing the event");
        }
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** {@code 'lines[0].quantity' must be a number}, without Java type names or the offending value. */
    static String describe(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        String field = path.isEmpty() ? "the data" : "'" + path + "'";
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return field + " must be " + jsonTypeOf(mismatch.getTargetType());
        }
        return field + " cannot be read";
    }

    private static String jsonTypeOf(Class<?> type) {
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        } else if (type == String.class) {
            return "a string";
        } else if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        } else if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        } else if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date";
        }
        return "an object";
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "an object";
        };
    }

    /** The innermost message of what the CloudEvents SDK threw, without exception class names. */
    private static String sdkMessage(RuntimeException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return firstLine(t instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : t.getMessage());
    }

    private static String stringExtension(CloudEvent event, String name) {
        Object value = event.getExtension(name);
        return value == null ? null : value.toString();
    }

    private static boolean isCeHeader(String name) {
        return name.length() > CE_PREFIX.length() && name.regionMatches(true, 0, CE_PREFIX, 0, CE_PREFIX.length());
    }

    static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
