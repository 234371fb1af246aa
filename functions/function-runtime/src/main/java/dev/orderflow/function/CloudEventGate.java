package dev.orderflow.function;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.jackson.JsonCloudEventData;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.orderflow.http.CloudEventReader;
import dev.orderflow.http.CloudEventReader.Mode;
import dev.orderflow.http.ErrorReplies;
import dev.orderflow.http.EventException;
import dev.orderflow.http.JsonChecks;
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
 *                          JSON error ◀──── FailureReplies.fail
 * </pre>
 *
 * Funqy runs on a worker thread; a {@code @NonBlockingFunction}'s event stays on the event loop
 * ({@link EventLoopDispatch}).
 */
@ApplicationScoped
public class CloudEventGate {

    /** After Quarkus's body handler, before Funqy's route (default order). */
    static final int ROUTE_ORDER = -100;
    /**
     * The largest decimal exponent a number in the data may need. Payloads hold BigDecimals: {@code 1e99999999} binds
     * fine and then keeps a worker thread busy scaling it to cents (no answer within 10 s), {@code 1e-99999999} runs
     * out of heap when printed (a 500). Found by the bad-input corpus (docs/reliability.md).
     */
    static final int MAX_NUMBER_SCALE = 1000;

    /** Where the gate leaves the event's type, and the processor the reply's, for {@link EventMetrics}. */
    static final String EVENT_TYPE_KEY = "orderflow.event.type";
    static final String REPLY_TYPE_KEY = "orderflow.reply.type";
    /** Where the gate leaves the trace context it checked, the parent of {@link EventProcessor}'s span. */
    static final String PARENT_CONTEXT_KEY = "orderflow.parent.context";

    private final RequestLimits limits;
    private final EventMetrics metrics;
    private final EventLoopDispatch eventLoop;
    private volatile Set<String> consumedTypes;

    public CloudEventGate(EventMetrics metrics, EventLoopDispatch eventLoop,
            @ConfigProperty(name = RequestLimits.MAX_HEADER_COUNT, defaultValue = "100") int maxHeaderCount) {
        this.metrics = metrics;
        this.eventLoop = eventLoop;
        this.limits = new RequestLimits(maxHeaderCount);
    }

    void install(@Observes Router router) {
        router.route().order(ROUTE_ORDER).handler(this::check);
    }

    void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.path().startsWith("/q/")) {
            ctx.next();
            return;
        }
        long arrived = System.nanoTime();
        ctx.addEndHandler(ended -> metrics.handled(ctx.get(EVENT_TYPE_KEY), ctx.get(REPLY_TYPE_KEY),
                ctx.response().getStatusCode(), System.nanoTime() - arrived));
        try {
            if (admit(ctx) && !eventLoop.dispatch(ctx, ctx.get(EVENT_TYPE_KEY))) {
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
        ctx.put(EVENT_TYPE_KEY, event.getType());
        requireJsonObjectData(event, mode, bytes);
        requireConsumedType(event.getType());
        ctx.put(PARENT_CONTEXT_KEY, CloudEventReader.requireValidTraceContext(headers, event));
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
            JsonChecks.JsonScan scan = JsonChecks.scanJson(body, "the event data", MAX_NUMBER_SCALE);
            if (scan.top() != JsonToken.START_OBJECT) {
                throw EventException.invalidEvent("data must be a JSON object, not " + JsonChecks.describe(scan.top()));
            }
            if (scan.numberOutOfRange() != null) {
                throw numberOutOfRange(scan.numberOutOfRange());
            }
            return;
        }
        // Read again rather than take the SDK's tree, which holds doubles: 1e-99999999 would look like 0 there.
        JsonNode node = JsonChecks.parseJson(body, "the structured CloudEvent").get("data");
        if (!node.isObject()) {
            throw EventException.invalidEvent("data must be a JSON object, not " + JsonChecks.describe(node));
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

    /** The types this application's functions are triggered by ({@link EventLoopDispatch#trigger}). */
    Set<String> consumedTypes() {
        Set<String> types = consumedTypes;
        if (types == null) {
            types = EventLoopDispatch.consumedTypes();
            consumedTypes = types;
        }
        return types;
    }
}
