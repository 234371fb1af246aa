package dev.orderflow.function;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;

import dev.orderflow.events.Extensions;

/**
 * Reads a CloudEvent 1.0 from an HTTP request in binary or structured content mode with the CloudEvents SDK, and says
 * precisely what is wrong when it cannot: a missing attribute, a wrong specversion, a body that is not JSON, a batch.
 * Both the functions and the local broker's ingress take events through it.
 */
public final class CloudEventReader {

    public static final String STRUCTURED = "application/cloudevents+json";
    public static final String BATCH = "application/cloudevents-batch+json";
    public static final String JSON = "application/json";
    public static final String SPEC_VERSION = "1.0";
    private static final String CE_PREFIX = "ce-";
    private static final List<String> REQUIRED = List.of("id", "source", "type", "specversion");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFormat STRUCTURED_FORMAT = new JsonFormat();

    /** The content mode of a request, from its Content-Type and headers. */
    public enum Mode {
        BINARY,
        STRUCTURED
    }

    /** HTTP request headers as the reader needs them: case-insensitive lookup, and iteration. */
    public interface Headers {

        String get(String name);

        void forEach(BiConsumer<String, String> action);

        static Headers of(UnaryOperator<String> get, Consumer<BiConsumer<String, String>> forEach) {
            return new Headers() {
                @Override
                public String get(String name) {
                    return get.apply(name);
                }

                @Override
                public void forEach(BiConsumer<String, String> action) {
                    forEach.accept(action);
                }
            };
        }
    }

    private CloudEventReader() {
    }

    /**
     * The content mode; throws 415 for batch mode or a structured format other than JSON, 400 for a request that is
     * neither binary ({@code ce-*} headers) nor structured.
     */
    public static Mode mode(Headers headers) {
        String mediaType = mediaType(headers.get("Content-Type"));
        if (BATCH.equals(mediaType)) {
            throw EventException.unsupportedMediaType("batch mode (" + BATCH + ") is not supported: send one event per request");
        }
        if (mediaType != null && mediaType.startsWith("application/cloudevents")) {
            if (!STRUCTURED.equals(mediaType)) {
                throw EventException.unsupportedMediaType("structured CloudEvents must be " + STRUCTURED + ", not " + mediaType);
            }
            return Mode.STRUCTURED;
        }
        boolean[] binary = { false };
        headers.forEach((name, value) -> binary[0] |= isCeHeader(name));
        if (!binary[0]) {
            throw EventException.invalidEvent("not a CloudEvent: send binary mode (ce-id, ce-source, ce-type and "
                    + "ce-specversion headers with the data as body) or structured mode (Content-Type: " + STRUCTURED + ")");
        }
        return Mode.BINARY;
    }

    /** Reads the event in the request's mode; every fault is an {@link EventException} naming it. */
    public static CloudEvent read(Headers headers, byte[] body) {
        return mode(headers) == Mode.STRUCTURED ? readStructured(body) : readBinary(headers, body);
    }

    public static CloudEvent readStructured(byte[] body) {
        JsonNode json = parseJson(body, "the structured CloudEvent");
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
        try {
            return STRUCTURED_FORMAT.deserialize(body);
        } catch (RuntimeException e) {
            throw EventException.invalidEvent("invalid CloudEvent: " + innermostMessage(e));
        }
    }

    public static CloudEvent readBinary(Headers headers, byte[] body) {
        for (String attribute : REQUIRED) {
            String value = headers.get(CE_PREFIX + attribute);
            if (value == null || value.isBlank()) {
                throw EventException.missingAttribute(attribute);
            }
        }
        requireSpecVersion(headers.get(CE_PREFIX + "specversion"));
        try {
            return HttpMessageFactory.createReader(headers::forEach, body).toEvent();
        } catch (RuntimeException e) {
            throw EventException.invalidEvent("invalid CloudEvent: " + innermostMessage(e));
        }
    }

    /** 400 when the W3C trace context of the request (HTTP headers) or of the event (extension) is malformed. */
    public static void requireValidTraceContext(Headers headers, CloudEvent event) {
        TraceContexts.requireValid("the HTTP header", headers.get(Extensions.TRACEPARENT),
                headers.get(Extensions.TRACESTATE));
        TraceContexts.requireValid("the CloudEvent extension", extension(event, Extensions.TRACEPARENT),
                extension(event, Extensions.TRACESTATE));
    }

    public static String extension(CloudEvent event, String name) {
        Object value = event.getExtension(name);
        return value == null ? null : value.toString();
    }

    static void requireSpecVersion(String specVersion) {
        if (!SPEC_VERSION.equals(specVersion)) {
            throw EventException.invalidEvent("specversion must be " + SPEC_VERSION + ", not '" + specVersion + "'");
        }
    }

    /** Parses JSON; 400 naming {@code what} when it is empty or not JSON. */
    public static JsonNode parseJson(byte[] bytes, String what) {
        if (bytes.length == 0) {
            throw EventException.invalidEvent(what + " is empty");
        }
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw EventException.invalidEvent(what + " is not valid JSON: " + firstLine(
                    e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage()));
        }
    }

    public static boolean isCeHeader(String name) {
        return name.length() > CE_PREFIX.length() && name.regionMatches(true, 0, CE_PREFIX, 0, CE_PREFIX.length());
    }

    /** {@code application/json} from {@code Application/JSON; charset=utf-8}; {@code null} when absent. */
    public static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    static String describe(JsonNode node) {
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
    static String innermostMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return firstLine(t instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : t.getMessage());
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
