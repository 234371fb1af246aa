package dev.orderflow.http;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.jackson.JsonFormat;
import io.opentelemetry.context.Context;

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
    private static final String CONTENT_TYPE = "Content-Type";
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
        String mediaType = mediaType(headers.get(CONTENT_TYPE));
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
        JsonNode json = JsonChecks.parseJson(body, "the structured CloudEvent");
        if (!json.isObject()) {
            throw EventException.invalidEvent("a structured CloudEvent is a JSON object, not " + JsonChecks.describe(json));
        }
        for (String attribute : REQUIRED) {
            JsonNode value = json.get(attribute);
            if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
                throw EventException.missingAttribute(attribute);
            }
            if (!value.isTextual()) {
                throw EventException.invalidEvent("CloudEvent attribute '" + attribute + "' must be a string, not "
                        + JsonChecks.describe(value));
            }
        }
        requireSpecVersion(json.get("specversion").asText());
        for (Map.Entry<String, JsonNode> member : json.properties()) {
            JsonNode value = member.getValue();
            boolean scalar = value.isTextual() || value.isBoolean() || value.isIntegralNumber() || value.isNull();
            if (!scalar && !"data".equals(member.getKey())) {
                // The SDK would keep an object or an array as an extension and write its toString() on.
                throw EventException.invalidEvent("CloudEvent attribute '" + member.getKey()
                        + "' must be a string, an integer or a boolean, not " + JsonChecks.describe(value));
            }
        }
        try {
            return STRUCTURED_FORMAT.deserialize(body);
        } catch (RuntimeException e) {
            throw EventException.invalidEvent("invalid CloudEvent: " + innermostMessage(e));
        }
    }

    public static CloudEvent readBinary(Headers headers, byte[] body) {
        requireWellFormedAttributeHeaders(headers);
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

    /**
     * 400 for a {@code ce-*} header that appears twice (the SDK and Funqy would each pick another one) or whose value
     * is not printable ASCII: the HTTP binding percent-encodes everything else, so raw bytes there are a broken
     * sender, often invalid UTF-8. The Content-Type is the {@code datacontenttype} attribute in binary mode.
     */
    private static void requireWellFormedAttributeHeaders(Headers headers) {
        Set<String> seen = new HashSet<>();
        headers.forEach((name, value) -> {
            if (isCeHeader(name)) {
                String attribute = name.toLowerCase(Locale.ROOT);
                if (!seen.add(attribute)) {
                    throw EventException.invalidEvent("CloudEvent attribute header '" + attribute
                            + "' appears more than once");
                }
                if (!isPrintableAscii(value)) {
                    throw EventException.invalidEvent("CloudEvent attribute header '" + attribute
                            + "' is not printable ASCII: percent-encode other characters as UTF-8");
                }
            }
        });
        String contentType = headers.get(CONTENT_TYPE);
        if (contentType != null && !isPrintableAscii(contentType)) {
            throw EventException.invalidEvent("the Content-Type header is not printable ASCII");
        }
    }

    /** True when every character is printable ASCII (space to tilde), as HTTP header values of CloudEvents are. */
    public static boolean isPrintableAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /**
     * The trace context a request continues: the W3C {@code traceparent} HTTP header when there is one (a broker's
     * dispatch), else the event's {@code traceparent} extension (an event posted by hand or read from Kafka); a 400
     * when either is malformed. The extension is not read twice when it repeats the header.
     */
    public static Context requireValidTraceContext(Headers headers, CloudEvent event) {
        String headerParent = headers.get(Extensions.TRACEPARENT);
        String headerState = headers.get(Extensions.TRACESTATE);
        Context fromHeader = TraceContexts.requireValid("the HTTP header", headerParent, headerState);
        String parent = extension(event, Extensions.TRACEPARENT);
        String state = extension(event, Extensions.TRACESTATE);
        if (headerParent != null && headerParent.equals(parent) && Objects.equals(headerState, state)) {
            return fromHeader;
        }
        Context fromExtension = TraceContexts.requireValid("the CloudEvent extension", parent, state);
        return headerParent != null ? fromHeader : fromExtension;
    }

    public static String extension(CloudEvent event, String name) {
        Object value = event.getExtension(name);
        return value == null ? null : value.toString();
    }

    public static void requireSpecVersion(String specVersion) {
        if (!SPEC_VERSION.equals(specVersion)) {
            throw EventException.invalidEvent("specversion must be " + SPEC_VERSION + ", not '" + specVersion + "'");
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

    /** The innermost message of what the CloudEvents SDK threw, without exception class names. */
    public static String innermostMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return JsonChecks.firstLine(t instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : t.getMessage());
    }
}
