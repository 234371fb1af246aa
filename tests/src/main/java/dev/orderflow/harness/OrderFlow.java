package dev.orderflow.harness;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.orderflow.local.Launch;

/**
 * The whole flow as separate processes: a Kafka node, the local broker serving the project's own manifests in
 * {@code eventing/}, and the five packaged functions.
 *
 * <pre>
 * test ─POST─▶ local-broker ─▶ Kafka ─▶ local-broker ─▶ order-validator | payment | inventory | shipping | order-notifier
 * </pre>
 */
public final class OrderFlow implements AutoCloseable {

    public static final String NAMESPACE = "orderflow";
    public static final String BROKER = "orders";
    public static final String TOPIC = "knative-broker-orderflow-orders";
    public static final String DEAD_LETTER_TOPIC = "orderflow-orders-dead-letter";

    private final Path dir;
    /** Null when the broker embeds Kafka. */
    private final KafkaProcess kafka;
    private final Map<String, FunctionProcess> functions = new LinkedHashMap<>();
    private final LocalBroker broker;

    private OrderFlow(Path dir, Map<String, Launch> launches, Map<String, String> brokerProperties,
            boolean embeddedKafka) {
        this.dir = dir;
        this.kafka = embeddedKafka ? null : new KafkaProcess(dir.resolve("kafka"));
        launches.forEach((f, launch) -> functions.put(f, new FunctionProcess(dir, f, launch, false)));
        Map<String, String> subscribers = new LinkedHashMap<>();
        functions.forEach((f, process) -> subscribers.put(f, process.url()));
        this.broker = new LocalBroker(dir, kafka == null ? null : kafka.bootstrapServers(), Project.MANIFESTS,
                subscribers, brokerProperties);
    }

    /** The five functions from their packaged jars, in {@code target/e2e/<name>}. */
    public static OrderFlow start(String name) {
        Map<String, Launch> launches = new LinkedHashMap<>();
        FunctionProcess.ALL.forEach(f -> launches.put(f, FunctionProcess.defaultLaunch(f)));
        return start(Project.workDir(name), launches);
    }

    /** Each function started as its launch says: the benchmarks start them as the scripts do. */
    public static OrderFlow start(Path dir, Map<String, Launch> launches) {
        return start(dir, launches, Map.of());
    }

    /** As above, the broker given extra system properties ({@link LocalBroker}). */
    public static OrderFlow start(Path dir, Map<String, Launch> launches, Map<String, String> brokerProperties) {
        return start(new OrderFlow(dir, launches, brokerProperties, false));
    }

    /** As {@code scripts/run.sh up} runs the flow: Kafka embedded in the broker's process. */
    public static OrderFlow startEmbedded(Path dir, Map<String, Launch> launches, Map<String, String> brokerProperties) {
        return start(new OrderFlow(dir, launches, brokerProperties, true));
    }

    private static OrderFlow start(OrderFlow flow) {
        try {
            flow.functions.values().forEach(FunctionProcess::start);
            if (flow.kafka != null) {
                flow.kafka.start();
            }
            flow.broker.start();
            flow.functions.values().forEach(FunctionProcess::awaitReady);
            return flow;
        } catch (RuntimeException e) {
            flow.close();
            throw e;
        }
    }

    public String ingress() {
        return broker.url(NAMESPACE, BROKER);
    }

    public EventStream stream() {
        return new EventStream(bootstrapServers(), TOPIC, DEAD_LETTER_TOPIC);
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public LocalBroker broker() {
        return broker;
    }

    /** The Kafka process; there is none when the broker embeds Kafka. */
    public KafkaProcess kafka() {
        if (kafka == null) {
            throw new IllegalStateException("Kafka runs inside the broker's process");
        }
        return kafka;
    }

    public FunctionProcess function(String name) {
        return functions.get(name);
    }

    public List<FunctionProcess> functions() {
        return List.copyOf(functions.values());
    }

    /** Every process of the flow by name, Kafka (unless embedded) and the broker first. */
    public Map<String, ManagedProcess> processes() {
        Map<String, ManagedProcess> all = new LinkedHashMap<>();
        if (kafka != null) {
            all.put("kafka", kafka.process());
        }
        all.put("broker", broker.process());
        functions.forEach((f, process) -> all.put(f, process.process()));
        return all;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public void close() {
        broker.close();
        functions.values().forEach(FunctionProcess::close);
        if (kafka != null) {
            kafka.close();
        }
    }
}
