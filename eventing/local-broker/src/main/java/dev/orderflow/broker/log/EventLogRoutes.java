package dev.orderflow.broker.log;

import static io.netty.handler.codec.http.HttpResponseStatus.NOT_FOUND;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.orderflow.broker.BrokerRuntime;
import dev.orderflow.broker.dispatch.Settlement;
import dev.orderflow.http.ErrorReplies;
import dev.orderflow.manifest.BrokerResource;

/**
 * The event log over HTTP: {@code GET /<namespace>/<broker>/events?subject=<subject>} lists a subject's events, each
 * with type, times, trace id, where Kafka holds it and every Trigger's delivery (outcome, status, attempts, duration,
 * cold start); without {@code subject}, the most recent subjects. {@code GET /<namespace>/<broker>/eventtypes} lists
 * the event types the manifests catalogue for the broker (its EventTypes: type, source, schema, description), the
 * list {@code kn eventtype list} shows on a cluster. JSON only: rendering it for a person is the caller's job
 * ({@code scripts/run.sh events}).
 */
@ApplicationScoped
public class EventLogRoutes {

    private static final int RECENT_SUBJECTS = 20;

    private final BrokerRuntime runtime;
    private final EventLog log;

    public EventLogRoutes(BrokerRuntime runtime, EventLog log) {
        this.runtime = runtime;
        this.log = log;
    }

    void routes(@Observes Router router) {
        router.get("/:namespace/:broker/events").handler(this::events);
        router.get("/:namespace/:broker/eventtypes").handler(this::eventTypes);
    }

    void eventTypes(RoutingContext ctx) {
        brokerOf(ctx).ifPresent(broker -> {
            JsonArray types = new JsonArray();
            runtime.eventTypes(broker).forEach(t -> types.add(new JsonObject().put("name", t.name())
                    .put("type", t.type()).put("source", t.source()).put("schema", t.schema())
                    .put("description", t.description())));
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(new JsonObject().put("eventTypes", types).encodePrettily());
        });
    }

    /** The broker the path names; answered 404 when there is none. */
    private Optional<BrokerResource> brokerOf(RoutingContext ctx) {
        String namespace = ctx.pathParam("namespace");
        String broker = ctx.pathParam("broker");
        Optional<BrokerResource> found = runtime.broker(namespace, broker);
        if (found.isEmpty()) {
            ErrorReplies.send(ctx.response(), NOT_FOUND.code(), "no broker " + namespace + "/" + broker);
        }
        return found;
    }

    void events(RoutingContext ctx) {
        if (brokerOf(ctx).isEmpty()) {
            return;
        }
        String subject = ctx.request().getParam("subject");
        JsonObject body = new JsonObject();
        if (subject != null) {
            body.put("subject", subject).put("events", entries(log.bySubject(subject)));
        } else {
            JsonArray subjects = new JsonArray();
            log.recent(RECENT_SUBJECTS).forEach((s, entries) -> subjects.add(new JsonObject().put("subject", s)
                    .put("events", entries(entries))));
            body.put("subjects", subjects);
        }
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encodePrettily());
    }

    private static JsonArray entries(List<EventLog.Entry> entries) {
        JsonArray array = new JsonArray();
        for (EventLog.Entry e : entries) {
            JsonArray deliveries = new JsonArray();
            e.deliveries().forEach(d -> deliveries.add(delivery(d)));
            array.add(new JsonObject()
                    .put("id", e.id())
                    .put("source", e.source())
                    .put("type", e.type())
                    .put("time", e.time())
                    .put("storedAt", e.storedAt() == null ? null : e.storedAt().toString())
                    .put("traceId", e.traceId())
                    .put("topic", e.topic())
                    .put("partition", e.partition())
                    .put("offset", e.offset())
                    .put("reason", e.note())
                    .put("deliveries", deliveries));
        }
        return array;
    }

    private static JsonObject delivery(Settlement d) {
        return new JsonObject()
                .put("trigger", d.trigger())
                .put("subscriber", d.subscriber())
                .put("outcome", d.outcome().name().toLowerCase())
                .put("status", d.status())
                .put("attempts", d.attempts())
                .put("millis", d.millis())
                .put("coldStartMillis", d.coldStartMillis())
                .put("at", d.at().toString())
                .put("reply", d.replyType());
    }
}
