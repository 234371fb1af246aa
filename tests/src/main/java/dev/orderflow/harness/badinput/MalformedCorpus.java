package dev.orderflow.harness.badinput;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * A deterministic corpus of malformed requests for one endpoint: each one a valid CloudEvent with one fault put in,
 * chosen by a seeded {@link Random}, so that the same seed gives the same requests on every run. Request {@code i} is
 * built on demand ({@link #get(int)}), so a corpus of oversize bodies costs no memory until it is sent.
 *
 * <p>The categories are spread evenly over the indexes by weight. An endpoint that does not interpret the data (the
 * broker: data is opaque to it) gets no data-level faults: no wrong data types, no wrong data content type, nothing
 * wrong inside a binary-mode body except its size. Each request says what it must get ({@link Expect}).
 */
public final class MalformedCorpus {

    /** The kinds of fault, with their share of the corpus. */
    public enum Category {
        BROKEN_JSON("broken JSON", 14),
        ATTRIBUTES("wrong or missing attributes", 14),
        SPEC_VERSION("invalid specversion", 6),
        CONTENT_TYPE("wrong content type", 8),
        HUGE_HEADERS("huge headers", 6),
        HUGE_BODY("huge body", 3),
        DEEP_NESTING("deep nesting", 4),
        DATA_TYPES("wrong data types", 14),
        INVALID_UTF8("invalid UTF-8", 10),
        TRACEPARENT("malformed traceparent", 10),
        EMPTY_BODY("empty body", 4),
        BATCH("batch mode", 4),
        METHOD("method other than POST", 3);

        private final String label;
        private final int weight;

        Category(String label, int weight) {
            this.label = label;
            this.weight = weight;
        }

        public String label() {
            return label;
        }
    }

    /** The limits an endpoint is configured with, so that oversize requests are just over them. */
    public record Limits(long maxBodySize, int maxHeaderSize, int maxInitialLineLength, int maxHeaderCount) {
    }

    /**
     * An endpoint and a valid event for it: {@code type} and {@code data} (any JSON-serialisable object).
     * {@code interpretsData} is true for a function, which binds the data to a payload, false for the broker.
     */
    public record Target(String name, String path, String type, Object data, boolean interpretsData, Limits limits) {

        public Target {
            Objects.requireNonNull(name, "provide a name");
            Objects.requireNonNull(path, "provide a path");
            Objects.requireNonNull(type, "provide an event type");
            Objects.requireNonNull(data, "provide the data of a valid event");
            Objects.requireNonNull(limits, "provide the limits");
        }
    }

    /** One request of the corpus: what is wrong with it, the request, and what it must get. */
    public record BadRequest(int index, Category category, String fault, RawRequest request, Expect expect) {
    }

    static final List<String> REQUIRED = List.of("id", "source", "type", "specversion");
    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final String STRUCTURED = "application/cloudevents+json";
    private static final String BATCH = "application/cloudevents-batch+json";
    private static final String JSON = "application/json";
    /** Bytes that are wrong anywhere a JSON value or key may start. */
    private static final byte[] GARBAGE = "@#$%^&*;<>?!='\\|~()+".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GARBAGE_BYTES = { 0x01, 0x02, 0x07, 0x08, 0x7f, (byte) 0x80, (byte) 0xc0, (byte) 0xff };
    /** Byte sequences that are not UTF-8: stray bytes, overlong forms, encoded surrogates, past U+10FFFF, cut short. */
    private static final List<byte[]> NOT_UTF8 = List.of(
            bytes(0xff), bytes(0xfe), bytes(0x80), bytes(0xbf), bytes(0xc0, 0x80), bytes(0xc1, 0xbf),
            bytes(0xe0, 0x80, 0xaf), bytes(0xed, 0xa0, 0x80), bytes(0xed, 0xbf, 0xbf), bytes(0xf4, 0x90, 0x80, 0x80),
            bytes(0xf5, 0x80, 0x80, 0x80), bytes(0xf8, 0x88, 0x80, 0x80, 0x80), bytes(0xc3), bytes(0xe2, 0x82),
            bytes(0xf0, 0x9f, 0x98));

    private final Target target;
    private final long seed;
    private final int size;
    private final JsonNode data;
    private final List<Category> schedule;

    public MalformedCorpus(Target target, long seed, int size) {
        this.target = Objects.requireNonNull(target, "provide a target");
        this.seed = seed;
        this.size = size;
        this.data = MAPPER.valueToTree(target.data());
        List<Category> weighted = new ArrayList<>();
        for (Category category : categories()) {
            weighted.addAll(Collections.nCopies(category.weight, category));
        }
        Collections.shuffle(weighted, new Random(seed));
        this.schedule = List.copyOf(weighted);
    }

    public int size() {
        return size;
    }

    public Target target() {
        return target;
    }

    /** The categories this endpoint gets: all of them for a function, no data-level ones for the broker. */
    public List<Category> categories() {
        return Arrays.stream(Category.values())
                .filter(c -> target.interpretsData() || c != Category.DATA_TYPES)
                .toList();
    }

    /** Request {@code index}: the same on every run with the same seed. */
    public BadRequest get(int index) {
        Random random = new Random(seed * 1_000_003L + index * 7_919L + target.name().hashCode());
        Category category = schedule.get(index % schedule.size());
        Draft draft = new Draft("bad-" + target.name() + "-" + index);
        Fault fault = switch (category) {
            case BROKEN_JSON -> brokenJson(random, draft);
            case ATTRIBUTES -> attributes(random, draft);
            case SPEC_VERSION -> specVersion(random, draft);
            case CONTENT_TYPE -> contentType(random, draft);
            case HUGE_HEADERS -> hugeHeaders(random, draft);
            case HUGE_BODY -> hugeBody(random, draft);
            case DEEP_NESTING -> deepNesting(random, draft);
            case DATA_TYPES -> dataTypes(random, draft);
            case INVALID_UTF8 -> invalidUtf8(random, draft);
            case TRACEPARENT -> traceparent(random, draft);
            case EMPTY_BODY -> emptyBody(random, draft);
            case BATCH -> batch(random, draft);
            case METHOD -> method(random, draft);
        };
        return new BadRequest(index, category, fault.description, fault.request, fault.expect);
    }

    /** A valid event for this endpoint, in binary mode: what it must still answer after the corpus. */
    public RawRequest valid(String id) {
        return new Draft(id).binary();
    }

    private record Fault(String description, RawRequest request, Expect expect) {
    }

    // ---------------------------------------------------------------------------------------------------- categories

    private Fault brokenJson(Random r, Draft d) {
        boolean binary = target.interpretsData() && r.nextBoolean();
        byte[] json = binary ? d.dataBytes() : d.envelopeBytes();
        String where = binary ? "binary data" : "structured envelope";
        byte[] broken;
        String how;
        switch (r.nextInt(10)) {
            case 0 -> {
                int cut = 1 + r.nextInt(json.length - 1);
                broken = Arrays.copyOf(json, cut);
                how = "truncated to " + cut + " of " + json.length + " bytes";
            }
            case 1 -> {
                int at = pick(r, structural(json, "}]"));
                broken = insert(json, at, bytes(','));
                how = "trailing comma at " + at;
            }
            case 2 -> {
                int at = pick(r, structural(json, "{[,:")) + 1;
                byte[] garbage = new byte[1 + r.nextInt(8)];
                for (int i = 0; i < garbage.length; i++) {
                    garbage[i] = r.nextInt(4) == 0 ? GARBAGE_BYTES[r.nextInt(GARBAGE_BYTES.length)]
                            : GARBAGE[r.nextInt(GARBAGE.length)];
                }
                broken = insert(json, at, garbage);
                how = garbage.length + " garbage bytes at " + at;
            }
            case 3 -> {
                String tail = pick(r, List.of("}", "]", "x", " {}", ",", "\"tail\"", " null", "{"));
                broken = insert(json, json.length, tail.getBytes(StandardCharsets.US_ASCII));
                how = "'" + tail + "' after the value";
            }
            case 4 -> {
                int at = pick(r, quotes(json));
                broken = remove(json, at);
                how = "quote at " + at + " removed";
            }
            case 5 -> {
                List<Integer> separators = structural(json, ":,");
                int at = pick(r, separators);
                broken = json.clone();
                broken[at] = json[at] == ':' ? (byte) '=' : (byte) ';';
                how = "separator at " + at + " replaced";
            }
            case 6 -> {
                broken = json.clone();
                quotes(json).forEach(at -> broken[at] = '\'');
                how = "single quotes";
            }
            case 7 -> {
                String literal = pick(r, List.of("NaN", "Infinity", "-Infinity", "undefined", "None", "nil"));
                broken = insert(json, 1, ("\"n\":" + literal + ",").getBytes(StandardCharsets.US_ASCII));
                how = "a value of " + literal;
            }
            case 8 -> {
                String comment = pick(r, List.of("/* note */", "// note\n", "# note\n"));
                broken = insert(json, 1, comment.getBytes(StandardCharsets.US_ASCII));
                how = "a comment";
            }
            default -> {
                String prefix = pick(r, List.of("{", "[", ")]}'\n", "\"", ","));
                broken = insert(json, 0, prefix.getBytes(StandardCharsets.US_ASCII));
                how = "'" + prefix.strip() + "' before the value";
            }
        }
        RawRequest request = (binary ? d.binary() : d.structured()).body(broken);
        return new Fault(where + ": " + how, request, Expect.json(400, "not valid JSON", "not valid UTF-8"));
    }

    private Fault attributes(Random r, Draft d) {
        boolean binary = r.nextBoolean();
        String mode = binary ? "binary" : "structured";
        int variant = r.nextInt(target.interpretsData() ? 11 : 10);
        String attribute = pick(r, REQUIRED);
        switch (variant) {
            case 0 -> {
                d.attributes.remove(attribute);
                return fault(mode + ": without " + attribute, d, binary,
                        Expect.json(400, "missing required CloudEvent attribute '" + attribute + "'"));
            }
            case 1 -> {
                String blank = pick(r, List.of("", " ", "   "));
                d.attributes.put(attribute, blank);
                return fault(mode + ": blank " + attribute, d, binary,
                        Expect.json(400, "missing required CloudEvent attribute '" + attribute + "'"));
            }
            case 2 -> {
                if (binary) {
                    String other = "other-" + r.nextInt(1000);
                    String name = pick(r, List.of("id", "source", "type", "specversion", "subject", "time"));
                    return new Fault("binary: ce-" + name + " twice", d.binary().header("ce-" + name, other),
                            Expect.json(400, "appears more than once"));
                }
                String name = pick(r, List.of("id", "source", "type", "specversion", "subject"));
                byte[] json = insert(d.envelopeBytes(), 1,
                        ("\"" + name + "\":\"other\",").getBytes(StandardCharsets.US_ASCII));
                return new Fault("structured: " + name + " twice", d.structured().body(json),
                        Expect.json(400, "Duplicate field"));
            }
            case 3 -> {
                String time = pick(r, List.of("yesterday", "2026-13-45T00:00:00Z", "12:00", "2026-01-01", "1700000000",
                        "2026-01-01T25:00:00Z", "now", "2026-02-30T10:00:00Z", "2026-01-01 10:00:00"));
                d.attributes.put("time", time);
                return fault(mode + ": time '" + time + "'", d, binary, Expect.json(400, "invalid CloudEvent"));
            }
            case 4, 5 -> {
                String name = variant == 4 ? "source" : "dataschema";
                String uri = pick(r, List.of("a b", "%zz", "http://[bad", "\\\\server\\share", "<script>", "a\"b", "{x}",
                        "http://exa mple.com", "^caret"));
                d.attributes.put(name, uri);
                return fault(mode + ": " + name + " '" + uri + "'", d, binary, Expect.json(400, "invalid CloudEvent"));
            }
            case 6 -> {
                if (binary) {
                    String name = pick(r, List.of("bad_name", "with.dot", "dash-name", "under_score_too"));
                    return new Fault("binary: extension header ce-" + name, d.binary().header("ce-" + name, "x"),
                            Expect.json(400, "invalid CloudEvent"));
                }
                String name = pick(r, List.of("bad_name", "Upper", "with-dash", "with.dot", "with space", "é"));
                d.attributes.put(name, "x");
                return fault("structured: extension '" + name + "'", d, false, Expect.json(400, "invalid CloudEvent"));
            }
            case 7 -> {
                return attributeOfWrongJsonType(r, d, attribute);
            }
            case 8 -> {
                JsonNode value = pick(r, List.of(MAPPER.createObjectNode().put("a", 1),
                        MAPPER.createArrayNode().add(1).add(2), MAPPER.createObjectNode()));
                d.attributes.set("myextension", value);
                return fault("structured: extension of " + value, d, false,
                        Expect.json(400, "must be a string, an integer or a boolean"));
            }
            case 9 -> {
                if (target.interpretsData()) {
                    d.attributes.put("datacontenttype", JSON);
                    d.base64Data = true;
                    return fault("structured: data_base64", d, false, Expect.json(415, "data_base64"));
                }
                String notBase64 = pick(r, List.of("!!!", "not base64 at all", "@@@@", "ab$c"));
                d.attributes.put("data_base64", notBase64);
                d.withoutData = true;
                return fault("structured: data_base64 '" + notBase64 + "'", d, false,
                        Expect.json(400, "invalid CloudEvent"));
            }
            default -> {
                String type = pick(r, List.of("dev.orderflow.unknown.v1", "dev.orderflow.order.completed.v1", "order.placed",
                        target.type() + "x", target.type().replace(".v1", ".v99")));
                d.attributes.put("type", type);
                return fault(mode + ": type '" + type + "' not consumed", d, binary,
                        Expect.json(400, "this function consumes"));
            }
        }
    }

    private Fault attributeOfWrongJsonType(Random r, Draft d, String attribute) {
        JsonNode value = pick(r, List.of(JsonNodeFactory.instance.numberNode(42), JsonNodeFactory.instance.numberNode(1.5),
                JsonNodeFactory.instance.booleanNode(true), MAPPER.createObjectNode().put("a", "b"),
                MAPPER.createArrayNode().add("x"), JsonNodeFactory.instance.nullNode()));
        d.attributes.set(attribute, value);
        Expect expect = value.isNull() ? Expect.json(400, "missing required CloudEvent attribute '" + attribute + "'")
                : Expect.json(400, "CloudEvent attribute '" + attribute + "' must be a string");
        return fault("structured: " + attribute + " = " + value, d, false, expect);
    }

    private Fault specVersion(Random r, Draft d) {
        boolean binary = r.nextBoolean();
        List<String> values = new ArrayList<>(List.of("0.3", "2.0", "1", "1.0.0", "v1.0", "1.0-rc1", "1.1", "01.0", "10",
                "0.1", "1.00", "one", "1.0;", "1,0", "1.O"));
        if (!binary) {
            values.addAll(List.of(" 1.0", "1.0 ", "1.0\n"));
        }
        if (!binary && r.nextInt(5) == 0) {
            JsonNode number = pick(r, List.of(JsonNodeFactory.instance.numberNode(1.0),
                    JsonNodeFactory.instance.numberNode(1)));
            d.attributes.set("specversion", number);
            return fault("structured: specversion " + number, d, false,
                    Expect.json(400, "attribute 'specversion' must be a string"));
        }
        String value = pick(r, values);
        d.attributes.put("specversion", value);
        return fault((binary ? "binary" : "structured") + ": specversion '" + value.strip() + "'", d, binary,
                Expect.json(400, "specversion must be 1.0"));
    }

    private Fault contentType(Random r, Draft d) {
        int variant = target.interpretsData() ? r.nextInt(6) : 3 + r.nextInt(2);
        switch (variant) {
            case 0 -> {
                String type = pick(r, List.of("text/plain", "application/xml", "text/xml", "application/octet-stream",
                        "text/html", "application/x-www-form-urlencoded", "application/jsonx", "image/png",
                        "application/json-patch+json", "text/json", "text/plain; charset=utf-8"));
                RawRequest request = d.binary().removeHeader("Content-Type").header("Content-Type", type);
                return new Fault("binary: data as " + type, request, Expect.json(415, "Content-Type must be " + JSON));
            }
            case 1 -> {
                RawRequest request = d.binary().removeHeader("Content-Type");
                if (r.nextBoolean()) {
                    request.header("Content-Type", "");
                }
                return new Fault("binary: no Content-Type", request, Expect.json(415, "Content-Type must be " + JSON));
            }
            case 2 -> {
                String boundary = "----orderflow" + r.nextInt(100_000);
                String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"\r\n"
                        + "Content-Type: application/json\r\n\r\n" + new String(d.dataBytes(), StandardCharsets.UTF_8)
                        + "\r\n--" + boundary + "--\r\n";
                RawRequest request = d.binary().removeHeader("Content-Type")
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary).body(multipart);
                return new Fault("binary: multipart data", request, Expect.json(415, "Content-Type must be " + JSON));
            }
            case 3 -> {
                String type = pick(r, List.of(JSON, "text/plain", "application/xml", "multipart/form-data; boundary=b",
                        "application/x-www-form-urlencoded", "application/octet-stream", ""));
                RawRequest request = d.structured().removeHeader("Content-Type");
                if (!type.isEmpty()) {
                    request.header("Content-Type", type);
                }
                return new Fault("structured envelope as " + (type.isEmpty() ? "no Content-Type" : type), request,
                        Expect.json(400, "not a CloudEvent"));
            }
            case 4 -> {
                String type = pick(r, List.of("application/cloudevents+xml", "application/cloudevents+avro",
                        "application/cloudevents+protobuf", "application/cloudevents+yaml", "application/cloudevents",
                        "application/cloudevents+jsonx"));
                RawRequest request = d.structured().removeHeader("Content-Type").header("Content-Type", type);
                return new Fault("structured as " + type, request,
                        Expect.json(415, "structured CloudEvents must be " + STRUCTURED));
            }
            default -> {
                String type = pick(r, List.of("text/plain", "application/xml", "application/octet-stream"));
                d.attributes.put("datacontenttype", type);
                d.data = TextNode.valueOf("hello");
                return fault("structured: datacontenttype " + type, d, false, Expect.json(415, "datacontenttype must be"));
            }
        }
    }

    private Fault hugeHeaders(Random r, Draft d) {
        boolean binary = r.nextBoolean();
        RawRequest request = binary ? d.binary() : d.structured();
        String mode = binary ? "binary" : "structured";
        Limits limits = target.limits();
        switch (r.nextInt(5)) {
            case 0 -> {
                int length = limits.maxHeaderSize() + 1 + r.nextInt(48 * 1024);
                String name = binary ? pick(r, List.of("x-filler", "ce-id", "ce-subject", "traceparent")) : "x-filler";
                request.removeHeader(name).header(name, "a".repeat(length));
                return new Fault(mode + ": " + name + " of " + length + " bytes", request, Expect.decoder(431));
            }
            case 1, 2 -> {
                int count = limits.maxHeaderCount() + 1 + r.nextInt(900);
                boolean sameName = r.nextInt(3) == 0;
                int added = 0;
                for (int i = 0; added < count && request.headerSectionLength() + 16 < limits.maxHeaderSize(); i++) {
                    request.header(sameName ? "x-same" : "x-h" + i, "1");
                    added++;
                }
                return new Fault(mode + ": " + added + " more headers" + (sameName ? " of one name" : "")
                        + " (" + request.headerCount() + " in all)", request, Expect.json(431, "header fields"));
            }
            case 3 -> {
                int count = 2_000 + r.nextInt(18_000);
                for (int i = 0; i < count; i++) {
                    request.header("x-h" + i, String.valueOf(i));
                }
                return new Fault(mode + ": " + count + " more headers, " + request.headerSectionLength() + " bytes",
                        request, Expect.decoder(431));
            }
            default -> {
                int length = limits.maxInitialLineLength() + r.nextInt(8 * 1024);
                RawRequest longLine = request.to("POST", target.path() + "?q=" + "a".repeat(length));
                return new Fault(mode + ": request line of " + longLine.requestLineLength() + " bytes", longLine,
                        Expect.decoder(414));
            }
        }
    }

    private Fault hugeBody(Random r, Draft d) {
        boolean binary = r.nextBoolean();
        long limit = target.limits().maxBodySize();
        int size = (int) (limit + 1 + (r.nextInt(4) == 0 ? 0 : r.nextInt(512 * 1024)));
        byte[] json = binary ? d.dataBytes() : d.envelopeBytes();
        byte[] padded = Arrays.copyOf(json, size);
        Arrays.fill(padded, json.length, size, (byte) ' ');
        RawRequest request = (binary ? d.binary() : d.structured()).body(padded);
        boolean chunked = r.nextBoolean();
        if (chunked) {
            request.chunked();
        }
        return new Fault((binary ? "binary" : "structured") + ": body of " + size + " bytes"
                + (chunked ? ", chunked" : ""), request, Expect.json(413, "larger than the limit"));
    }

    private Fault deepNesting(Random r, Draft d) {
        int depth = r.nextBoolean() ? 10_000 : 1_001 + r.nextInt(9_000);
        boolean arrays = r.nextBoolean();
        String nested = nested(depth, arrays);
        boolean binary = target.interpretsData() && r.nextBoolean();
        boolean whole = r.nextInt(3) == 0;
        String kind = depth + " nested " + (arrays ? "arrays" : "objects");
        byte[] body;
        if (whole) {
            body = nested.getBytes(StandardCharsets.US_ASCII);
        } else if (binary) {
            body = ("{\"orderId\":\"deep\",\"deep\":" + nested + "}").getBytes(StandardCharsets.US_ASCII);
        } else {
            d.withoutData = true;
            body = insert(d.envelopeBytes(), 1, ("\"data\":" + nested + ",").getBytes(StandardCharsets.US_ASCII));
        }
        RawRequest request = (binary ? d.binary() : d.structured()).body(body);
        return new Fault((binary ? "binary" : "structured") + ": " + kind + (whole ? " as the body" : " in the data"),
                request, Expect.json(400, "nesting depth"));
    }

    private Fault dataTypes(Random r, Draft d) {
        boolean binary = r.nextBoolean();
        String mode = binary ? "binary" : "structured";
        switch (r.nextInt(7)) {
            case 0 -> {
                JsonNode notAnObject = pick(r, List.of(MAPPER.createArrayNode().add(1).add(2), TextNode.valueOf("order"),
                        JsonNodeFactory.instance.numberNode(42), JsonNodeFactory.instance.booleanNode(true),
                        MAPPER.createArrayNode()));
                d.data = notAnObject;
                return fault(mode + ": data " + notAnObject, d, binary, Expect.json(400, "data must be a JSON object"));
            }
            case 1, 2, 3 -> {
                List<Path> paths = paths(d.data, "").stream()
                        .filter(p -> p.node().isTextual() || p.node().isNumber() || p.node().isContainerNode())
                        .toList();
                Path path = pick(r, paths);
                JsonNode replacement = otherType(r, path.node());
                setAt(d.data, path.pointer(), replacement);
                return fault(mode + ": '" + path.name() + "' = " + replacement, d, binary,
                        Expect.json(400, "data does not match the payload"));
            }
            case 4 -> {
                List<Path> numbers = paths(d.data, "").stream().filter(p -> p.node().isNumber()).toList();
                String number = pick(r, List.of("1e99999999", "-1e99999999", "1e-99999999", "9.99e1003", "1e1001",
                        "1e-1001", "-2.5e-50000"));
                JsonNode value = JsonNodeFactory.instance.numberNode(new BigDecimal(number));
                String name;
                if (numbers.isEmpty()) {
                    ((ObjectNode) d.data).set("amount", value);
                    name = "amount";
                } else {
                    Path path = pick(r, numbers);
                    setAt(d.data, path.pointer(), value);
                    name = path.name();
                }
                return fault(mode + ": '" + name + "' = " + number, d, binary, Expect.json(400, "is out of range"));
            }
            case 5 -> {
                if (r.nextBoolean()) {
                    ((ObjectNode) d.data).remove("orderId");
                } else {
                    ((ObjectNode) d.data).put("orderId", pick(r, List.of("", " ")));
                }
                return fault(mode + ": no orderId", d, binary, Expect.json(400, "missing required field orderId"));
            }
            default -> {
                String field = pick(r, List.of("orderId", "customerId", "currency", "carrier", "reason"));
                JsonNode value = pick(r, List.of(JsonNodeFactory.instance.numberNode(7),
                        JsonNodeFactory.instance.booleanNode(false), MAPPER.createArrayNode().add("a")));
                ObjectNode object = (ObjectNode) d.data;
                if (!object.has(field)) {
                    field = "orderId";
                }
                object.set(field, value);
                return fault(mode + ": '" + field + "' = " + value, d, binary,
                        Expect.json(400, "'" + field + "' must be a string"));
            }
        }
    }

    private Fault invalidUtf8(Random r, Draft d) {
        byte[] sequence = pick(r, NOT_UTF8);
        String bytes = hex(sequence);
        if (r.nextBoolean()) {
            boolean binary = target.interpretsData() && r.nextBoolean();
            byte[] json = binary ? d.dataBytes() : d.envelopeBytes();
            int[] string = pick(r, strings(json));
            int at = string[0] + 1 + r.nextInt(string[1] - string[0]);
            RawRequest request = (binary ? d.binary() : d.structured()).body(insert(json, at, sequence));
            return new Fault((binary ? "binary data" : "structured envelope") + ": " + bytes + " in a string at " + at,
                    request, Expect.json(400, "not valid UTF-8"));
        }
        List<String> names = new ArrayList<>(List.of("ce-id", "ce-source", "ce-type", "ce-subject", "ce-partitionkey",
                "ce-time", "ce-myextension", "ce-traceparent", "traceparent", "tracestate", "Content-Type"));
        String name = pick(r, names);
        Traceparent valid = Traceparent.random(r);
        String original = switch (name) {
            case "ce-traceparent", "traceparent" -> valid.toString();
            case "tracestate" -> "vendor=value";
            case "Content-Type" -> JSON;
            case "ce-myextension" -> "value";
            default -> d.attributes.path(name.substring(3)).asText("value");
        };
        int at = r.nextInt(original.length() + 1);
        byte[] ascii = original.getBytes(StandardCharsets.US_ASCII);
        byte[] value = insert(ascii, at, sequence);
        RawRequest request = d.binary().removeHeader(name).header(name, value);
        if (name.equals("tracestate")) {
            request.header("traceparent", valid.toString());
        }
        Expect expect = switch (name) {
            case "traceparent" -> Expect.json(400, "traceparent is not a W3C trace context");
            case "tracestate" -> Expect.json(400, "tracestate is not printable ASCII");
            case "Content-Type" -> target.interpretsData()
                    ? Expect.json(Set.of(400, 415), "Content-Type must be " + JSON, "Content-Type header is not printable ASCII")
                    : Expect.json(400, "Content-Type header is not printable ASCII");
            default -> Expect.json(400, "'" + name.toLowerCase() + "' is not printable ASCII");
        };
        return new Fault("binary: " + bytes + " in header " + name, request, expect);
    }

    private Fault traceparent(Random r, Draft d) {
        int where = r.nextInt(4);
        boolean tracestate = r.nextInt(6) == 0;
        String value = tracestate ? "k=" + "v".repeat(512 + r.nextInt(3_000)) : malformedTraceparent(r);
        String header = tracestate ? "tracestate" : "traceparent";
        RawRequest request;
        String description;
        switch (where) {
            case 0 -> {
                request = d.binary().header(header, value);
                description = "binary: HTTP header " + header;
            }
            case 1 -> {
                request = d.structured().header(header, value);
                description = "structured: HTTP header " + header;
            }
            case 2 -> {
                request = d.binary().header("ce-" + header, value);
                description = "binary: extension header ce-" + header;
            }
            default -> {
                d.attributes.put(header, value);
                request = d.structured();
                description = "structured: extension " + header;
            }
        }
        if (tracestate) {
            return new Fault(description + " of " + value.length() + " characters", request,
                    Expect.json(400, "tracestate is longer than"));
        }
        return new Fault(description + " '" + abbreviate(value) + "'", request,
                Expect.json(400, "traceparent is not a W3C trace context"));
    }

    private Fault emptyBody(Random r, Draft d) {
        int variant = target.interpretsData() ? r.nextInt(6) : 3 + r.nextInt(3);
        String whitespace = pick(r, List.of(" ", "\r\n", "  \t  ", "\n\n\n"));
        return switch (variant) {
            case 0 -> new Fault("binary: no data, Content-Length 0", d.binary().body(new byte[0]),
                    Expect.json(400, "data is missing"));
            case 1 -> new Fault("binary: no data, no Content-Length", d.binary().body(new byte[0]).withoutContentLength(),
                    Expect.json(400, "data is missing"));
            case 2 -> new Fault("binary: whitespace data", d.binary().body(whitespace),
                    Expect.json(400, "the event data is empty"));
            case 3 -> new Fault("structured: empty body", d.structured().body(new byte[0]),
                    Expect.json(400, "the structured CloudEvent is empty"));
            case 4 -> new Fault("structured: whitespace body", d.structured().body(whitespace),
                    Expect.json(400, "the structured CloudEvent is empty"));
            default -> new Fault("no headers, no body", RawRequest.post(target.path()),
                    Expect.json(400, "not a CloudEvent"));
        };
    }

    private Fault batch(Random r, Draft d) {
        String envelope = new String(d.envelopeBytes(), StandardCharsets.UTF_8);
        String body = pick(r, List.of("[]", "[" + envelope + "]", "[" + envelope + "," + envelope + "]", "", "garbage",
                "{}", envelope));
        String type = BATCH + pick(r, List.of("", "; charset=utf-8", ";charset=UTF-8"));
        RawRequest request = RawRequest.post(target.path()).header("Content-Type", type).body(body);
        return new Fault("batch of " + abbreviate(body), request, Expect.json(415, "batch mode"));
    }

    private Fault method(Random r, Draft d) {
        String method = pick(r, List.of("GET", "PUT", "DELETE", "PATCH"));
        return new Fault(method + " with a valid event", d.binary().to(method, target.path()),
                Expect.json(405, "method " + method + " is not allowed"));
    }

    private static Fault fault(String description, Draft d, boolean binary, Expect expect) {
        return new Fault(description, binary ? d.binary() : d.structured(), expect);
    }

    // ---------------------------------------------------------------------------------------------- the valid event

    /** A valid event of the target, to be broken: attributes (as JSON, so a value may be of the wrong type) and data. */
    private final class Draft {

        final ObjectNode attributes = MAPPER.createObjectNode();
        JsonNode data = MalformedCorpus.this.data.deepCopy();
        boolean base64Data;
        boolean withoutData;

        Draft(String id) {
            String subject = data.path("orderId").asText("order-1");
            attributes.put("specversion", "1.0");
            attributes.put("id", id);
            attributes.put("source", "/tests/bad-input");
            attributes.put("type", target.type());
            attributes.put("subject", subject);
            attributes.put("time", "2026-11-26T10:15:30.123Z");
            attributes.put("partitionkey", subject);
        }

        byte[] dataBytes() {
            return write(data);
        }

        byte[] envelopeBytes() {
            ObjectNode envelope = attributes.deepCopy();
            if (!envelope.has("datacontenttype")) {
                envelope.put("datacontenttype", JSON);
            }
            if (base64Data) {
                envelope.put("data_base64", Base64.getEncoder().encodeToString(dataBytes()));
            } else if (!withoutData) {
                envelope.set("data", data);
            }
            return write(envelope);
        }

        RawRequest binary() {
            RawRequest request = RawRequest.post(target.path());
            for (Map.Entry<String, JsonNode> attribute : attributes.properties()) {
                request.header("ce-" + attribute.getKey(), attribute.getValue().asText());
            }
            return request.header("Content-Type", JSON).body(dataBytes());
        }

        RawRequest structured() {
            return RawRequest.post(target.path()).header("Content-Type", STRUCTURED).body(envelopeBytes());
        }
    }

    // ------------------------------------------------------------------------------------------------------- helpers

    /** A node inside the data: its JSON pointer, a readable name ({@code lines[0].quantity}) and the node. */
    private record Path(String pointer, String name, JsonNode node) {
    }

    private static List<Path> paths(JsonNode node, String name) {
        List<Path> paths = new ArrayList<>();
        collect(node, "", name, paths);
        return paths.subList(1, paths.size());
    }

    private static void collect(JsonNode node, String pointer, String name, List<Path> into) {
        into.add(new Path(pointer, name, node));
        if (node.isObject()) {
            node.properties().forEach(e -> collect(e.getValue(), pointer + "/" + e.getKey(),
                    name.isEmpty() ? e.getKey() : name + "." + e.getKey(), into));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), pointer + "/" + i, name + "[" + i + "]", into);
            }
        }
    }

    private static void setAt(JsonNode root, String pointer, JsonNode value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else {
            ((ArrayNode) parent).set(Integer.parseInt(last), value);
        }
    }

    /** A value of another JSON type than {@code node}'s; never null, never a string that reads as a number. */
    private static JsonNode otherType(Random r, JsonNode node) {
        Map<JsonNodeType, List<Function<Random, JsonNode>>> others = Map.of(
                JsonNodeType.STRING, List.of(x -> JsonNodeFactory.instance.numberNode(42),
                        x -> JsonNodeFactory.instance.numberNode(4.2), x -> JsonNodeFactory.instance.booleanNode(true),
                        x -> MAPPER.createObjectNode().put("x", 1), x -> MAPPER.createArrayNode().add("x")),
                JsonNodeType.NUMBER, List.of(x -> TextNode.valueOf("abc"), x -> TextNode.valueOf("12"),
                        x -> JsonNodeFactory.instance.booleanNode(true), x -> MAPPER.createObjectNode().put("x", 1),
                        x -> MAPPER.createArrayNode().add(1)),
                JsonNodeType.OBJECT, List.of(x -> TextNode.valueOf("abc"), x -> JsonNodeFactory.instance.numberNode(42),
                        x -> JsonNodeFactory.instance.booleanNode(true), x -> MAPPER.createArrayNode().add(1)),
                JsonNodeType.ARRAY, List.of(x -> TextNode.valueOf("abc"), x -> JsonNodeFactory.instance.numberNode(42),
                        x -> JsonNodeFactory.instance.booleanNode(true), x -> MAPPER.createObjectNode().put("x", 1)));
        List<Function<Random, JsonNode>> choices = others.get(node.getNodeType());
        return pick(r, choices).apply(r);
    }

    private String malformedTraceparent(Random r) {
        Traceparent valid = Traceparent.random(r);
        String v = valid.toString();
        return switch (r.nextInt(16)) {
            case 0 -> randomAscii(r, 1 + r.nextInt(80));
            case 1 -> v.toUpperCase();
            case 2 -> "ff" + v.substring(2);
            case 3 -> "00-" + "0".repeat(32) + v.substring(35);
            case 4 -> v.substring(0, 36) + "0".repeat(16) + v.substring(52);
            case 5 -> v.substring(0, 10) + v.substring(11);
            case 6 -> v.substring(0, 10) + "a" + v.substring(10);
            case 7 -> v.substring(0, 40) + pick(r, List.of("g", "z", "-", ":", " ")) + v.substring(41);
            case 8 -> v.substring(0, 53) + pick(r, List.of("1", "001", "x1", "1g"));
            case 9 -> v.replace('-', pick(r, List.of('_', '.', ':')));
            case 10 -> v.substring(0, 52);
            case 11 -> v + "-" + pick(r, List.of("extra", "01", "ab-cd"));
            case 12 -> "0" + v.substring(2);
            case 13 -> pick(r, List.of("00", "00-", "00--", "---", "00-" + valid.traceId(), "-", "null"));
            case 14 -> v.substring(0, 3) + valid.parentId() + "-" + valid.traceId() + "-01";
            default -> "00-" + valid.traceId().substring(0, 16) + "-" + valid.parentId() + "-01";
        };
    }

    /** A valid W3C traceparent, to be broken. */
    private record Traceparent(String traceId, String parentId) {

        static Traceparent random(Random r) {
            return new Traceparent(hexDigits(r, 32), hexDigits(r, 16));
        }

        @Override
        public String toString() {
            return "00-" + traceId + "-" + parentId + "-01";
        }
    }

    private static String hexDigits(Random r, int count) {
        StringBuilder hex = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            hex.append(Character.forDigit(i == 0 ? 1 + r.nextInt(15) : r.nextInt(16), 16));
        }
        return hex.toString();
    }

    /** Printable ASCII without spaces at either end (a server trims those off a header value). */
    private static String randomAscii(Random r, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append((char) ('!' + r.nextInt('~' - '!' + 1)));
        }
        return text.toString();
    }

    private static String nested(int depth, boolean arrays) {
        return (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
    }

    /** Offsets of the bytes outside strings that are one of {@code chars}. */
    static List<Integer> structural(byte[] json, String chars) {
        List<Integer> at = new ArrayList<>();
        boolean inString = false;
        for (int i = 0; i < json.length; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (chars.indexOf(b) >= 0) {
                at.add(i);
            }
        }
        return at;
    }

    /** Offsets of the quotes that open or close a string. */
    static List<Integer> quotes(byte[] json) {
        List<Integer> at = new ArrayList<>();
        boolean inString = false;
        for (int i = 0; i < json.length; i++) {
            if (inString && json[i] == '\\') {
                i++;
            } else if (json[i] == '"') {
                at.add(i);
                inString = !inString;
            }
        }
        return at;
    }

    /** Each string as the offsets of its opening and closing quote. */
    static List<int[]> strings(byte[] json) {
        List<Integer> quotes = quotes(json);
        List<int[]> strings = new ArrayList<>();
        for (int i = 0; i + 1 < quotes.size(); i += 2) {
            strings.add(new int[] { quotes.get(i), quotes.get(i + 1) });
        }
        return strings;
    }

    static byte[] insert(byte[] into, int at, byte[] what) {
        byte[] result = new byte[into.length + what.length];
        System.arraycopy(into, 0, result, 0, at);
        System.arraycopy(what, 0, result, at, what.length);
        System.arraycopy(into, at, result, at + what.length, into.length - at);
        return result;
    }

    static byte[] remove(byte[] from, int at) {
        byte[] result = new byte[from.length - 1];
        System.arraycopy(from, 0, result, 0, at);
        System.arraycopy(from, at + 1, result, at, from.length - at - 1);
        return result;
    }

    private static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write " + node, e);
        }
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static String hex(byte[] bytes) {
        StringBuilder hex = new StringBuilder();
        for (byte b : bytes) {
            hex.append(hex.isEmpty() ? "" : " ").append(String.format("%02x", b & 0xff));
        }
        return hex.toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }

    private static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }
}
