package dev.orderflow.http;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * JSON as an event's body must be: UTF-8, one well-formed value, no repeated key, numbers within range. Every fault is
 * an {@link EventException} (400) naming it, in words that never echo a secret back.
 */
public final class JsonChecks {

    /**
     * Strict where the JSON would otherwise be ambiguous: text after the value ({@code {...}}}) and a repeated key
     * are refused, not silently dropped. Numbers stay exact, so that a function can refuse {@code 1e-99999999}
     * rather than see a double's 0.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private JsonChecks() {
    }

    /** Parses JSON; 400 naming {@code what} when it is empty, not UTF-8 or not JSON. */
    public static JsonNode parseJson(byte[] bytes, String what) {
        if (bytes.length == 0) {
            throw EventException.invalidEvent(what + " is empty");
        }
        requireUtf8(bytes, what);
        JsonNode json;
        try {
            json = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw EventException.invalidEvent(what + " is not valid JSON: " + withoutInput(firstLine(
                    e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage())));
        }
        if (json == null || json.isMissingNode()) {
            throw EventException.invalidEvent(what + " is empty");
        }
        return json;
    }

    /**
     * What one streaming pass over a JSON document found: the first token of its value, and the path of the first
     * number whose decimal exponent goes beyond the limit ({@code null} when none).
     */
    public record JsonScan(JsonToken top, String numberOutOfRange) {
    }

    /**
     * Checks a JSON document as {@link #parseJson} does (UTF-8, well-formed, one value, no repeated key, Jackson's
     * nesting and length limits) without building a tree: the path every event takes in binary mode, where a tree
     * was a sixth of a function's time per event (docs/benchmarks.md). Numbers are checked for a decimal exponent
     * within {@code maxScale} either way, as a {@link java.math.BigDecimal} of them would have it; the path is written
     * as {@code order.lines[0].unitPrice}.
     */
    public static JsonScan scanJson(byte[] bytes, String what, int maxScale) {
        if (bytes.length == 0) {
            throw EventException.invalidEvent(what + " is empty");
        }
        requireUtf8(bytes, what);
        JsonToken top = null;
        String outOfRange = null;
        try (JsonParser parser = MAPPER.createParser(bytes)) {
            top = parser.nextToken();
            int depth = 0;
            for (JsonToken token = top; token != null; token = depth == 0 ? null : parser.nextToken()) {
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (token == JsonToken.VALUE_NUMBER_FLOAT && outOfRange == null
                        && !withinScale(parser.getText(), maxScale)) {
                    outOfRange = path(parser.getParsingContext());
                }
            }
            if (top != null && parser.nextToken() != null) {
                throw EventException.invalidEvent(what + " is not valid JSON: text after the value");
            }
        } catch (IOException e) {
            throw EventException.invalidEvent(what + " is not valid JSON: " + withoutInput(firstLine(
                    e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage())));
        }
        if (top == null) {
            throw EventException.invalidEvent(what + " is empty");
        }
        return new JsonScan(top, outOfRange);
    }

    /** A float's decimal exponent (its BigDecimal scale) is within {@code max} either way. */
    private static boolean withinScale(String number, int max) {
        boolean exponent = number.indexOf('e') >= 0 || number.indexOf('E') >= 0;
        // Without an exponent the scale is the count of digits after the point: less than the text's length.
        return (!exponent && number.length() <= max) || Math.abs((long) new BigDecimal(number).scale()) <= max;
    }

    /** The path of the value the parser is at, as {@code order.lines[0].unitPrice}. */
    private static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            parts.push(c.inArray() ? "[" + c.getCurrentIndex() + "]" : c.getCurrentName());
        }
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            if (path.length() > 0 && !part.startsWith("[")) {
                path.append('.');
            }
            path.append(part);
        }
        return path.toString();
    }

    /** How {@link #describe(JsonNode)} names the value that starts with {@code token}. */
    public static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "an object";
        };
    }

    /**
     * JSON is UTF-8 (RFC 8259). Jackson reports most invalid bytes itself but decodes overlong forms and encoded
     * surrogates without complaint; the JDK's decoder refuses them all.
     */
    private static void requireUtf8(byte[] bytes, String what) {
        if (isAscii(bytes)) {
            return; // ASCII is UTF-8: most events are, and the decoder's buffer was a fifth of what a function allocated
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(Math.min(bytes.length, 4096));
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                throw EventException.invalidEvent(what + " is not valid UTF-8 (at byte " + in.position() + ")");
            }
            if (result.isUnderflow()) {
                return;
            }
            out.clear();
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** Jackson quotes an unrecognized token back, and that may be a secret typed without its quotes. */
    private static String withoutInput(String message) {
        return message.replaceFirst("^Unrecognized token '.*?': ", "Unrecognized token: ");
    }

    public static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "an object";
        };
    }

    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
