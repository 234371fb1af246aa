package dev.orderflow.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.orderflow.events.EventTypes;
import dev.orderflow.manifest.BrokerResource;
import dev.orderflow.manifest.Destination;
import dev.orderflow.manifest.Manifest;
import dev.orderflow.manifest.ManifestLoader;
import dev.orderflow.manifest.ManifestRules;
import dev.orderflow.manifest.Topology;

/**
 * The flow on this machine, read from the manifests a cluster applies: the broker of {@code eventing/} and each
 * Knative Service of {@code knative/}, on the port its container declares (which is the function's
 * {@code quarkus.http.port}: the manifests are generated from it), in the order the Triggers reach them. Nothing else
 * names these ports or lists the functions.
 */
public final class LocalTopology {

    /** The local broker's ingress, Quarkus's default port. */
    public static final int BROKER_PORT = 8080;
    public static final String BROKER = "broker";

    /** A process of the flow: the broker or a function, where it listens and where its packaged application is. */
    public record Component(String name, int port, Path app) {

        public boolean isBroker() {
            return name.equals(BROKER);
        }

        public String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    private final Path root;
    private final Component broker;
    private final List<Component> functions;
    private final BrokerResource brokerResource;

    private LocalTopology(Path root, Component broker, List<Component> functions, BrokerResource brokerResource) {
        this.root = root;
        this.broker = broker;
        this.functions = List.copyOf(functions);
        this.brokerResource = brokerResource;
    }

    public static LocalTopology of(Path root) {
        Path absolute = root.toAbsolutePath().normalize();
        List<Component> functions = new ArrayList<>();
        for (Manifest service : ManifestLoader.read(absolute.resolve("knative"))) {
            if (service.is(ManifestRules.SERVING_API, "Service")) {
                int port = service.node().at("/spec/template/spec/containers/0/ports/0/containerPort").asInt(0);
                if (port == 0) {
                    throw new IllegalStateException(service.where() + ": no containerPort");
                }
                functions.add(new Component(service.name(), port, functionApp(absolute, service.name())));
            }
        }
        Topology eventing = ManifestLoader.load(absolute.resolve("eventing"));
        // In the order events reach them: the order of the Triggers that name them.
        List<String> subscribed = eventing.triggers().stream().map(t -> t.subscriber().ref())
                .filter(ref -> ref != null && ref.is("serving.knative.dev", "Service")).map(Destination.Ref::name)
                .distinct().toList();
        functions.sort(Comparator.comparingInt(f -> subscribed.contains(f.name()) ? subscribed.indexOf(f.name())
                : Integer.MAX_VALUE));
        BrokerResource brokerResource = eventing.brokers().get(0);
        Component broker = new Component(BROKER, BROKER_PORT,
                absolute.resolve("eventing/local-broker/target/quarkus-app"));
        return new LocalTopology(absolute, broker, functions, brokerResource);
    }

    /** Where {@code function}'s build puts its application (Quarkus's aot-jar layout). */
    public static Path functionApp(Path root, String function) {
        return root.resolve("functions").resolve(function).resolve("target/quarkus-app");
    }

    public Path root() {
        return root;
    }

    public Component broker() {
        return broker;
    }

    public List<Component> functions() {
        return functions;
    }

    /** The broker first, then the functions. */
    public List<Component> all() {
        List<Component> all = new ArrayList<>(List.of(broker));
        all.addAll(functions);
        return all;
    }

    public Component component(String name) {
        return all().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown component '" + name + "' (components: " + String.join(" ",
                        all().stream().map(Component::name).toList()) + ")"));
    }

    /** Where events are posted: {@code http://127.0.0.1:8080/<namespace>/<broker>}. */
    public String ingress() {
        return broker.url() + brokerResource.path();
    }

    public String namespace() {
        return brokerResource.namespace();
    }

    public String brokerName() {
        return brokerResource.name();
    }

    public Path manifests() {
        return root.resolve("eventing");
    }

    /**
     * What the broker needs to know about this flow: where each Knative Service listens here, and that the event log
     * notes why an order was cancelled.
     */
    public static Map<String, String> brokerProperties(Map<String, String> subscribers) {
        Map<String, String> properties = new LinkedHashMap<>();
        subscribers.forEach((service, url) -> properties.put("orderflow.broker.subscribers." + service, url));
        properties.put("orderflow.broker.event-log-notes", EventTypes.ORDER_CANCELLED + ":reason");
        return properties;
    }

    /** The broker's properties for the functions at their ports here. */
    public Map<String, String> brokerProperties() {
        Map<String, String> subscribers = new LinkedHashMap<>();
        functions.forEach(f -> subscribers.put(f.name(), f.url()));
        return brokerProperties(subscribers);
    }
}
