package dev.orderflow.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.orderflow.harness.FunctionProcess;
import dev.orderflow.harness.KafkaNode;
import dev.orderflow.harness.Launch;
import dev.orderflow.harness.LocalBroker;
import dev.orderflow.harness.ManagedProcess;
import dev.orderflow.harness.OrderFlow;
import dev.orderflow.harness.Project;

/**
 * The whole flow as {@link OrderFlow} starts it (a Kafka node, the local broker serving {@code eventing/}, the five
 * functions, all on free ports), except that the functions start as the scripts start them: the default packaging
 * with its archive and the scripts' JVM options, so the figures are those of {@code scripts/run.sh up}.
 */
final class BenchFlow implements AutoCloseable {

    private final KafkaNode kafka;
    private final Map<String, FunctionProcess> functions = new LinkedHashMap<>();
    private final LocalBroker broker;

    private BenchFlow(Path dir, Map<String, Launch> launches) {
        this.kafka = new KafkaNode(dir.resolve("kafka"));
        launches.forEach((f, launch) -> functions.put(f, new FunctionProcess(dir, f, launch, false)));
        Map<String, String> subscribers = new LinkedHashMap<>();
        functions.forEach((f, process) -> subscribers.put(f, process.url()));
        this.broker = new LocalBroker(dir, kafka.bootstrapServers(), Project.MANIFESTS, subscribers);
    }

    static BenchFlow start(Path dir, Map<String, Launch> launches) {
        BenchFlow flow = new BenchFlow(dir, launches);
        try {
            flow.functions.values().forEach(FunctionProcess::start);
            flow.kafka.start();
            flow.broker.start();
            flow.functions.values().forEach(FunctionProcess::awaitReady);
            return flow;
        } catch (RuntimeException e) {
            flow.close();
            throw e;
        }
    }

    String ingress() {
        return broker.url(OrderFlow.NAMESPACE, OrderFlow.BROKER);
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    Map<String, FunctionProcess> functions() {
        return functions;
    }

    LocalBroker broker() {
        return broker;
    }

    /** Every process of the flow by name, Kafka and the broker first: where the CPU goes. */
    Map<String, ManagedProcess> processes() {
        Map<String, ManagedProcess> all = new LinkedHashMap<>();
        all.put("kafka", kafka.process());
        all.put("broker", broker.process());
        functions.forEach((f, process) -> all.put(f, process.process()));
        return all;
    }

    @Override
    public void close() {
        broker.close();
        functions.values().forEach(FunctionProcess::close);
        kafka.close();
    }
}
