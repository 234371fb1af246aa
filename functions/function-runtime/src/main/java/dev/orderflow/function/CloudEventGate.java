package dev.orderflow.function;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.jackson.JsonCloudEventData;
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

import dev.orderflow.http.CloudEventReader.Mode;
import dev.orderflow.http.CloudEventReader;
import dev.orderflow.http.EventException;
import dev.orderflow.http.ErrorReplies;
import dev.orderflow.http.RequestLimits;

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
    /**
     * The largest decimal exponent a number in the data may need. Payloads hold BigDecimals: {@code 1e99999999} binds
     * fine and then keeps a worker thread busy scaling it to cents (no answer within 10 s), {@code 1e-99999999} runs
     * out of heap when printed (a 500). Found by the bad-input corpus (docs/reliability.md).
     */
    static final int MAX_NUMBER_SCALE = 1000;

    private final long maxBodySize;
    private final long retryAfterSeconds;
    private final RequestLimits limits;
    private volatile Set<String> consumedTypes;

    public CloudEventGate(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "1M") MemorySize maxBodySize,
            @ConfigProperty(name = "orderflow.http.retry-after", defaultValue = "5s") Duration retryAfter,
            @ConfigProperty(name = RequestLimits.MAX_HEADER_COUNT, defaultValue = "100") int maxHeaderCount) {
        this.maxBodySize = maxBodySize.asLongValue();
        this.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
        this.limits = new RequestLimits(maxHeaderCount);
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
        limits.check(request);
        CloudEventReader.Headers headers = headers(request);
        Buffer body = ctx.body().buffer();
        byte[] bytes = body == null ? new byte[0] : body.getBytes();
        Mode mode = CloudEventReader.mode(headers);
        CloudEvent event;
        if (mode == Mode.STRUCTURED) {
            // The content type decides the mode; Funqy would take ce-* headers for binary mode instead.
            request.headers().names().stream().filter(CloudEventReader::isCeHeader).toList()
                    .forEach(request.headers()::remove);
            event = CloudEventReader.readStructured(bytes);
        } else {
            String mediaType = CloudEventReader.mediaType(request.getHeader(HttpHeaders.CONTENT_TYPE));
            if (!CloudEventReader.JSON.equals(mediaType)) {
                throw EventException.unsupportedMediaType("Content-Type must be " + CloudEventReader.JSON
                        + " for the event data, not " + (mediaType == null ? "absent" : mediaType));
            }
            event = CloudEventReader.readBinary(headers, bytes);
        }
        requireJsonObjectData(event, mode, bytes);
        requireConsumedType(event.getType());
        CloudEventReader.requireValidTraceContext(headers, event);
        return true;
    }

    /**
     * Funqy binds the data to a record: it must be a JSON object, inline in structured mode, with numbers a BigDecimal
     * can do sums with.
     */
    private static void requireJsonObjectData(CloudEvent event, Mode mode, byte[] body) {
        String contentType = event.getDataContentType();
        if (mode == Mode.STRUCTURED && contentType != null
                && !CloudEventReader.JSON.equals(CloudEventReader.mediaType(contentType))) {
            throw EventException.unsupportedMediaType("datacontenttype must be " + CloudEventReader.JSON + ", not "
                    + contentType);
        }
        CloudEventData data = event.getData();
        if (data == null) {
            throw EventException.invalidEvent("data is missing: the event carries a JSON object");
        }
        if (mode == Mode.STRUCTURED && !(data instanceof JsonCloudEventData)) {
            throw EventException.unsupportedMediaType("data_base64 is not accepted: data must be a JSON object in 'data'");
        }
        if (mode == Mode.BINARY) {
            CloudEventReader.JsonScan scan = CloudEventReader.scanJson(body, "the event data", MAX_NUMBER_SCALE);
            if (scan.top() != JsonToken.START_OBJECT) {
                throw EventException.invalidEvent("data must be a JSON object, not " + CloudEventReader.describe(scan.top()));
            }
            if (scan.numberOutOfRange() != null) {
                throw numberOutOfRange(scan.numberOutOfRange());
            }
            return;
        }
        // Read again rather than take the SDK's tree, which holds doubles: 1e-99999999 would look like 0 there.
        JsonNode node = CloudEventReader.parseJson(body, "the structured CloudEvent").get("data");
        if (!node.isObject()) {
            throw EventException.invalidEvent("data must be a JSON object, not " + CloudEventReader.describe(node));
        }
        requireNumbersInRange(node, "");
    }

    private static EventException numberOutOfRange(String path) {
        return EventException.invalidEvent("'" + path + "' is out of range: a number in the data may not need "
                + "a decimal exponent beyond " + MAX_NUMBER_SCALE + " either way");
    }

    private static void requireNumbersInRange(JsonNode node, String path) {
        if (node.isNumber()) {
            BigDecimal number = node.decimalValue();
            if (Math.abs((long) number.scale()) > MAX_NUMBER_SCALE) {
                throw numberOutOfRange(path);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                requireNumbersInRange(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireNumbersInRange(node.get(i), path + "[" + i + "]");
            }
        }
    }

    private static CloudEventReader.Headers headers(HttpServerRequest request) {
        return CloudEventReader.Headers.of(request::getHeader, action -> request.headers().forEach(action));
    }

    private void requireConsumedType(String type) {
        Set<String> types = consumedTypes();
        if (!types.contains(type)) {
            throw EventException.invalidEvent("this function consumes " + String.join(", ", types) + ", not type '"
                    + type + "'");
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
                // A dependency is down: say when a retry may find it back (RFC 9110 Retry-After, in seconds), which a
                // sender with Knative's delivery-retryafter honours up to its retryAfterMax.
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
            }
            ErrorReplies.send(ctx.response(), known.status(), known.getMessage());
        } else if (mapping != null) {
            ErrorReplies.send(ctx.response(), EventException.BAD_REQUEST, "data does not match the payload: " + describe(mapping));
        } else if (status == EventException.PAYLOAD_TOO_LARGE) {
            ErrorReplies.send(ctx.response(), status, "request body is larger than the limit of " + maxBodySize + " bytes");
        } else if (status >= 400 && status < 500) {
            ErrorReplies.send(ctx.response(), status, "request refused");
        } else if (!ctx.request().isEnded()) {
            // Nothing behind the gate runs before the whole body is in: this is the request itself breaking off (a
            // chunk size that is not hex, the client closing the connection). Vert.x closes the connection after it.
            LOG.debugf("status=400 reason=\"request unreadable\" error=%s", failure == null ? "none"
                    : failure.getClass().getName());
            ErrorReplies.send(ctx.response(), EventException.BAD_REQUEST, "the request could not be read");
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
        if (type == Integer.class || type == Long.class || type == Short.class || type == BigInteger.class
                || type == int.class || type == long.class || type == short.class) {
            return "an integer";
        } else if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
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

    private static String firstLine(String message) {
        return CloudEventReader.firstLine(message);
    }
}
