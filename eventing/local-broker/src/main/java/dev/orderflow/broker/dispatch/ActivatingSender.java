package dev.orderflow.broker.dispatch;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.cloudevents.CloudEvent;

import dev.orderflow.broker.activator.Activator;

/**
 * A subscriber scaled to zero is started before the event is sent to it, as Knative's activator holds a request for a
 * cold service; the response says how long the start took.
 */
public final class ActivatingSender implements EventSender {

    private final EventSender next;
    private final Activator activator;
    private final URI target;

    public ActivatingSender(EventSender next, Activator activator, URI target) {
        this.next = next;
        this.activator = activator;
        this.target = target;
    }

    @Override
    public CompletableFuture<Response> send(CloudEvent event, Map<String, String> trace) {
        return activator.acquire(target)
                .thenCompose(coldStart -> next.send(event, trace).thenApply(r -> r.afterColdStart(coldStart)))
                .whenComplete((response, error) -> activator.release(target));
    }

    @Override
    public String destination() {
        return next.destination();
    }
}
