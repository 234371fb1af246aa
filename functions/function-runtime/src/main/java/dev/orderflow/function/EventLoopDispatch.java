package dev.orderflow.function;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.funqy.knative.events.CloudEventMapping;
import io.quarkus.funqy.runtime.FunctionConstructor;
import io.quarkus.funqy.runtime.FunctionInvoker;
import io.quarkus.funqy.runtime.FunctionRecorder;
import io.quarkus.funqy.runtime.bindings.knative.events.VertxRequestHandler;
import io.quarkus.runtime.StartupEvent;
import dev.orderflow.function.NonBlockingFunction;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs a function marked {@link NonBlockingFunction} on the event loop that read its request, instead of on a worker
 * thread.
 *
 * <p>Funqy hands every event to a worker thread and the reply back to the event loop, with no option to stay: the two
 * thread hand-offs per event were about two fifths of a function's CPU per event (docs/benchmarks.md, "Against the
 * plain Funqy function"). For the non-blocking functions this class builds a second instance of Funqy's own Knative
 * Events handler whose executor runs the invocation in place: the same binding, invocation, reply and failure path, on
 * the event loop. A function that blocks (a remote payment gateway, a database) leaves the annotation off and keeps
 * Funqy's worker thread; so does one whose {@link CloudEventMapping} filters on attributes, which only Funqy's route
 * applies.
 */
@ApplicationScoped
public class EventLoopDispatch {

    private static final Logger LOG = Logger.getLogger(EventLoopDispatch.class);

    private final Vertx vertx;
    private final ObjectMapper mapper;
    /** Funqy then sends every event to that one function: its route decides, as configured. */
    private final boolean exportsOne;
    private volatile Handler<RoutingContext> inPlace;
    private volatile Set<String> inPlaceTypes;

    public EventLoopDispatch(Vertx vertx, ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.funqy.export") Optional<String> export) {
        this.vertx = vertx;
        this.mapper = mapper;
        this.exportsOne = export.isPresent();
    }

    void report(@Observes StartupEvent started) {
        Set<String> onWorkers = new TreeSet<>(consumedTypes());
        onWorkers.removeAll(inPlaceTypes());
        LOG.infof("answered on the event loop: %s; on worker threads: %s", new TreeSet<>(inPlaceTypes()), onWorkers);
    }

    /**
     * Answers the admitted event of {@code type} on this thread when its function does not block, and returns true;
     * false when Funqy's route should take it.
     */
    boolean dispatch(RoutingContext ctx, String type) {
        if (!inPlaceTypes().contains(type)) {
            return false;
        }
        inPlace().handle(ctx);
        return true;
    }

    /** The event type each function is triggered by: its {@link CloudEventMapping}'s trigger, else its name. */
    static String trigger(FunctionInvoker invoker) {
        CloudEventMapping mapping = invoker.getMethod().getAnnotation(CloudEventMapping.class);
        return mapping != null && !mapping.trigger().isEmpty() ? mapping.trigger() : invoker.getName();
    }

    /** The types this application's functions are triggered by. */
    static Set<String> consumedTypes() {
        return new TreeSet<>(byTrigger().keySet());
    }

    private static Map<String, List<FunctionInvoker>> byTrigger() {
        Map<String, List<FunctionInvoker>> byTrigger = new HashMap<>();
        for (FunctionInvoker invoker : FunctionRecorder.registry.invokers()) {
            byTrigger.computeIfAbsent(trigger(invoker), t -> new ArrayList<>()).add(invoker);
        }
        return byTrigger;
    }

    /** The event types answered on the event loop. */
    public Set<String> inPlaceTypes() {
        Set<String> types = inPlaceTypes;
        if (types == null) {
            types = exportsOne ? Set.of() : Set.copyOf(inPlaceTriggers().keySet());
            inPlaceTypes = types;
        }
        return types;
    }

    /** Each type whose functions all run without blocking and without attribute filters, with its one function. */
    private static Map<String, Collection<FunctionInvoker>> inPlaceTriggers() {
        Map<String, Collection<FunctionInvoker>> inPlace = new HashMap<>();
        byTrigger().forEach((type, invokers) -> {
            if (invokers.size() == 1 && runsInPlace(invokers.get(0))) {
                inPlace.put(type, List.copyOf(invokers));
            }
        });
        return inPlace;
    }

    static boolean runsInPlace(FunctionInvoker invoker) {
        CloudEventMapping mapping = invoker.getMethod().getAnnotation(CloudEventMapping.class);
        boolean filtered = mapping != null && mapping.attributes().length > 0;
        return !filtered && (invoker.getMethod().isAnnotationPresent(NonBlockingFunction.class)
                || invoker.getTargetClass().isAnnotationPresent(NonBlockingFunction.class));
    }

    /**
     * Funqy's handler with an executor that runs in place. Built on first use: Funqy's recorder has set up the
     * bean container and the functions' readers and writers by then. No attribute filters and no default function: the
     * types it gets were matched to one function each above.
     */
    private Handler<RoutingContext> inPlace() {
        Handler<RoutingContext> handler = inPlace;
        if (handler == null) {
            handler = new VertxRequestHandler(vertx, "/", FunctionConstructor.CONTAINER, mapper, null, null,
                    inPlaceTriggers(), Map.of(), Runnable::run);
            inPlace = handler;
        }
        return handler;
    }
}
