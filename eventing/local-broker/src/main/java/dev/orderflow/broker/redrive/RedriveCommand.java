package dev.orderflow.broker.redrive;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orderflow.broker.manifest.BrokerResource;
import dev.orderflow.broker.manifest.KafkaSinkResource;
import dev.orderflow.broker.manifest.Manifest;
import dev.orderflow.broker.manifest.ManifestLoader;
import dev.orderflow.broker.manifest.ManifestRules;
import dev.orderflow.broker.manifest.Topology;

/**
 * {@code scripts/run.sh redrive}: the broker and its dead-letter topic come from the manifests of {@code eventing/};
 * with {@code --cluster}, the KafkaSource that does the same on a cluster is printed instead.
 *
 * <pre>
 * RedriveCommand &lt;repository root&gt; --bootstrap-servers S --broker-url U [--type T]... [--subject S]...
 *                [--since TIME] [--until TIME] [--dry-run]
 * RedriveCommand &lt;repository root&gt; --cluster
 * </pre>
 */
public final class RedriveCommand {

    static final String USAGE = "usage: scripts/run.sh redrive [--type TYPE]... [--subject SUBJECT]... [--since TIME]"
            + " [--until TIME] [--dry-run] | --cluster\n"
            + "  TIME: an instant (2026-11-30T08:00:00Z) or a time ago (90s, 10m, 2h, 1d, PT10M)";

    private RedriveCommand() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("redrive: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(String[] args) {
        if (args.length < 1) {
            throw new IllegalArgumentException(USAGE);
        }
        Path root = Path.of(args[0]);
        Topology topology = ManifestLoader.load(root.resolve("eventing"));
        BrokerResource broker = topology.brokers().get(0);
        KafkaSinkResource deadLetter = topology.kafkaSink(broker.delivery().deadLetterSink() == null ? null
                : broker.delivery().deadLetterSink().ref(), broker.namespace())
                .orElseThrow(() -> new IllegalStateException("broker " + broker.name() + " has no dead-letter KafkaSink"));
        String bootstrap = null;
        String brokerUrl = null;
        Set<String> types = new HashSet<>();
        Set<String> subjects = new HashSet<>();
        Instant since = null;
        Instant until = null;
        boolean dryRun = false;
        boolean cluster = false;
        Instant now = Instant.now();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap-servers" -> bootstrap = value(args, ++i);
                case "--broker-url" -> brokerUrl = value(args, ++i);
                case "--type" -> types.add(value(args, ++i));
                case "--subject" -> subjects.add(value(args, ++i));
                case "--since" -> since = RedriveFilter.time(value(args, ++i), now);
                case "--until" -> until = RedriveFilter.time(value(args, ++i), now);
                case "--dry-run" -> dryRun = true;
                case "--cluster" -> cluster = true;
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'\n" + USAGE);
            }
        }
        RedriveFilter filter = new RedriveFilter(types, subjects, since, until);
        if (cluster) {
            if (!filter.selectsAll()) {
                throw new IllegalArgumentException("a KafkaSource redrives the whole dead-letter topic: --cluster takes no"
                        + " filter (for a part of it, run redrive against the cluster's Kafka and broker)");
            }
            System.out.print(kafkaSource(root, broker, deadLetter, now));
            return 0;
        }
        if (bootstrap == null || brokerUrl == null) {
            throw new IllegalArgumentException("--bootstrap-servers and --broker-url are required\n" + USAGE);
        }
        List<Redrive.DeadLetter> letters = Redrive.read(bootstrap, deadLetter.topic());
        return new Redrive(System.out).redrive(letters, filter, URI.create(brokerUrl), dryRun) == 0 ? 0 : 1;
    }

    /**
     * The one-shot redrive of a cluster, as Knative users do it: a KafkaSource reading the dead-letter topic from its
     * first offset (a consumer group of its own) into the broker. It keeps running until deleted, so it is deleted
     * once it has caught up; the knativeerror* extensions stay on the events (a KafkaSource cannot remove them).
     */
    static String kafkaSource(Path root, BrokerResource broker, KafkaSinkResource deadLetter, Instant now) {
        JsonNode sink = ManifestLoader.read(root.resolve("eventing")).stream()
                .filter(m -> m.is(ManifestRules.KAFKA_SINK_API, "KafkaSink") && m.name().equals(deadLetter.name()))
                .map(Manifest::node).findFirst().orElseThrow().path("spec");
        StringBuilder servers = new StringBuilder();
        sink.path("bootstrapServers").forEach(s -> servers.append("    - \"").append(s.asText()).append("\"\n"));
        String name = "redrive-" + deadLetter.name() + "-" + now.getEpochSecond();
        return """
                # One-shot redrive of %s (scripts/run.sh redrive --cluster): every event in the dead-letter topic,
                # from its first offset, posted back into broker %s. Delete it once it has caught up:
                #   kubectl delete kafkasource %s --namespace %s
                apiVersion: sources.knative.dev/v1beta1
                kind: KafkaSource
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  consumerGroup: %s
                  initialOffset: earliest
                  bootstrapServers:
                %s  topics:
                    - %s
                  sink:
                    ref:
                      apiVersion: eventing.knative.dev/v1
                      kind: Broker
                      name: %s
                """.formatted(deadLetter.topic(), broker.name(), name, broker.namespace(), name, broker.namespace(), name,
                servers, deadLetter.topic(), broker.name());
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value\n" + USAGE);
        }
        return args[i];
    }
}
