package dev.orderflow.broker.ingress;

import static io.netty.handler.codec.http.HttpResponseStatus.ACCEPTED;
import static io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST;
import static io.netty.handler.codec.http.HttpResponseStatus.INTERNAL_SERVER_ERROR;
import static io.netty.handler.codec.http.HttpResponseStatus.METHOD_NOT_ALLOWED;
import static io.netty.handler.codec.http.HttpResponseStatus.NOT_FOUND;
import static io.netty.handler.codec.http.HttpResponseStatus.OK;
import static io.netty.handler.codec.http.HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE;
import static io.netty.handler.codec.http.HttpResponseStatus.SERVICE_UNAVAILABLE;

import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import dev.orderflow.broker.BrokerRuntime;
import dev.orderflow.broker.BrokerSettings;
import dev.orderflow.broker.metrics.BrokerMetrics;
import dev.orderflow.events.Extensions;
import dev.orderflow.http.CloudEventReader;
import dev.orderflow.http.ErrorReplies;
import dev.orderflow.http.EventException;
import dev.orderflow.http.RequestLimits;
import dev.orderflow.http.TraceContexts;
import dev.orderflow.manifest.BrokerResource;

/**
 * The broker's HTTP side, as the Knative Kafka receiver has it: {@code POST /<namespace>/<broker>} takes an event in
 * binary or structured mode and answers 202 once Kafka acknowledged it.
 *
 * <pre>
 * 202 stored · 400 not a valid CloudEvent · 404 no such broker · 405 not POST · 413 too large · 415 batch
 * 431 too many headers · 503 broker starting or Kafka unavailable (retry)
 * </pre>
 */
@ApplicationScoped
public class Ingress {

    private static final Logger LOG = Logger.getLogger(Ingress.class);
    /** Before Quarkus's own body-size check (order -2), which would answer 413 without a JSON body. */
    static final int LIMITS_ORDER = -10;
    /** Where the ingress leaves the type of the event it read, for its metrics. */
    private static final String EVENT_TYPE_KEY = "orderflow.event.type";

    private final BrokerRuntime runtime;
    private final BrokerSettings settings;
    private final Tracer tracer;
    private final RequestLimits limits;
    private final BrokerMetrics metrics;

    public Ingress(BrokerRuntime runtime, BrokerSettings settings, Tracer tracer, BrokerMetrics metrics,
            @ConfigProperty(name = RequestLimits.MAX_HEADER_COUNT, defaultValue = "100") int maxHeaderCount) {
        this.runtime = runtime;
        this.settings = settings;
        this.tracer = tracer;
        this.metrics = metrics;
        this.limits = new RequestLimits(maxHeaderCount);
    }

    void routes(@Observes Router router) {
        long limit = settings.maxEventSize().asLongValue();
        router.route("/:namespace/:broker").order(LIMITS_ORDER).handler(ctx -> checkLimits(ctx, limit));
        router.post("/:namespace/:broker").handler(BodyHandler.create(false).setBodyLimit(limit)).handler(this::receive);
        router.route("/:namespace/:broker").handler(this::notPost);
        router.route("/:namespace/:broker").failureHandler(ctx -> fail(ctx, limit));
    }

    /**
     * The header count, and a declared body size over the limit, refused before the body is read. Every request
     * passes here first, so this is where its answer is counted once it has ended: for a broker this serves (the path
     * also matches {@code /q/metrics} and the like).
     */
    void checkLimits(RoutingContext ctx, long limit) {
        long arrived = System.nanoTime();
        broker(ctx).ifPresent(broker -> ctx.addEndHandler(ended -> metrics.received(broker.namespace(), broker.name(),
                ctx.get(EVENT_TYPE_KEY), ctx.response().getStatusCode(), System.nanoTime() - arrived)));
        try {
            limits.check(ctx.request());
            String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            // Vert.x's decoder has refused a Content-Length that is not a number already.
            if (length != null && Long.parseLong(length.trim()) > limit) {
                throw EventException.payloadTooLarge("the event", limit);
            }
        } catch (EventException e) {
            error(ctx.response(), e.status(), e.getMessage());
            return;
        }
        ctx.next();
    }

    void receive(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        Optional<BrokerResource> broker = broker(ctx);
        if (broker.isEmpty()) {
            error(ctx.response(), NOT_FOUND.code(), "no broker " + ctx.pathParam("namespace") + "/" + ctx.pathParam("broker"));
            return;
        }
        if (!runtime.ready()) {
            error(ctx.response(), SERVICE_UNAVAILABLE.code(), "the broker is starting");
            return;
        }
        CloudEventReader.Headers headers = CloudEventReader.Headers.of(request::getHeader,
                action -> request.headers().forEach(action));
        CloudEvent event;
        Context parent;
        try {
            byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
            event = CloudEventReader.read(headers, body);
            ctx.put(EVENT_TYPE_KEY, event.getType());
            parent = CloudEventReader.requireValidTraceContext(headers, event);
        } catch (EventException e) {
            error(ctx.response(), e.status(), e.getMessage());
            return;
        }
        Span span = receiveSpan(broker.get(), event, parent);
        Map<String, String> trace = TraceContexts.inject(Context.root().with(span));
        CloudEvent traced = withTraceExtensions(event, trace);
        runtime.publisher().publish(broker.get().topic(), traced, trace).whenComplete((metadata, error) -> {
            if (error != null) {
                span.setStatus(StatusCode.ERROR, "kafka unavailable");
                span.end();
                LOG.warnf("broker=%s event=%s status=503 reason=\"%s\"", broker.get().name(), event.getId(),
                        error.getMessage());
                error(ctx.response(), SERVICE_UNAVAILABLE.code(), "the event could not be stored: Kafka is unavailable, retry later");
                return;
            }
            span.setAttribute("messaging.kafka.partition", metadata.partition());
            span.setAttribute("messaging.kafka.offset", metadata.offset());
            span.end();
            if (!ctx.response().ended()) {
                ctx.response().setStatusCode(ACCEPTED.code()).end();
            }
        });
    }

    /** The receive span continues the sender's trace ({@link CloudEventReader#requireValidTraceContext}). */
    private Span receiveSpan(BrokerResource broker, CloudEvent event, Context parent) {
        return tracer.spanBuilder("knative.receive " + event.getType())
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("cloudevents.event_id", event.getId())
                .setAttribute("cloudevents.event_source", event.getSource().toString())
                .setAttribute("cloudevents.event_type", event.getType())
                .setAttribute("cloudevents.event_subject", event.getSubject() == null ? "" : event.getSubject())
                .setAttribute("messaging.destination.name", broker.topic())
                .startSpan();
    }

    /** The event carries its trace context as extensions too, so it survives any hop that drops headers. */
    private static CloudEvent withTraceExtensions(CloudEvent event, Map<String, String> trace) {
        CloudEventBuilder builder = CloudEventBuilder.from(event);
        trace.forEach(builder::withExtension);
        return builder.build();
    }

    void notPost(RoutingContext ctx) {
        if (ctx.request().method() == HttpMethod.OPTIONS) {
            ctx.response().putHeader(HttpHeaders.ALLOW, "POST, OPTIONS").setStatusCode(OK.code()).end();
            return;
        }
        ctx.response().putHeader(HttpHeaders.ALLOW, "POST, OPTIONS");
        error(ctx.response(), METHOD_NOT_ALLOWED.code(), "method " + ctx.request().method().name() + " is not allowed: post events");
    }

    private void fail(RoutingContext ctx, long limit) {
        int status = ctx.statusCode();
        if (status == REQUEST_ENTITY_TOO_LARGE.code()) {
            error(ctx.response(), REQUEST_ENTITY_TOO_LARGE.code(), EventException.payloadTooLarge("the event", limit).getMessage());
        } else if (status >= BAD_REQUEST.code() && status < INTERNAL_SERVER_ERROR.code()) {
            error(ctx.response(), status, HttpResponseStatus.valueOf(status).reasonPhrase());
        } else if (!ctx.request().isEnded()) {
            // The body handler failed while the request came in: the request broke off (a chunk size that is not
            // hex, the client closing the connection), not the broker. Vert.x closes the connection after it.
            LOG.debugf("status=400 reason=\"request unreadable\" error=%s", ctx.failure() == null ? "none"
                    : ctx.failure().getClass().getName());
            error(ctx.response(), BAD_REQUEST.code(), "the request could not be read");
        } else {
            Throwable failure = ctx.failure();
            LOG.errorf("status=500 error=%s", failure == null ? "none" : failure.getClass().getName());
            error(ctx.response(), INTERNAL_SERVER_ERROR.code(), "internal error");
        }
    }

    private Optional<BrokerResource> broker(RoutingContext ctx) {
        return runtime.broker(ctx.pathParam("namespace"), ctx.pathParam("broker"));
    }

    private static void error(HttpServerResponse response, int status, String message) {
        ErrorReplies.send(response, status, message);
    }
}
