package dev.orderflow.redrive;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.orderflow.deploy.RedrivePlan;
import dev.orderflow.manifest.BrokerResource;
import dev.orderflow.manifest.KafkaSinkResource;
import dev.orderflow.manifest.ManifestLoader;
import dev.orderflow.manifest.Topology;

/**
 * {@code scripts/run.sh redrive}: the broker and its dead-letter topic come from the manifests of {@code eventing/};
 * with {@code --cluster}, the KafkaSource that does the same on a cluster ({@link RedrivePlan}) is printed instead.
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
            System.out.print(RedrivePlan.kafkaSource(root, now));
            return 0;
        }
        if (bootstrap == null || brokerUrl == null) {
            throw new IllegalArgumentException("--bootstrap-servers and --broker-url are required\n" + USAGE);
        }
        Topology topology = ManifestLoader.load(root.resolve("eventing"));
        BrokerResource broker = topology.brokers().get(0);
        KafkaSinkResource deadLetter = topology.deadLetterSink(broker).orElseThrow(
                () -> new IllegalStateException("broker " + broker.name() + " has no dead-letter KafkaSink"));
        List<Redrive.DeadLetter> letters = Redrive.read(bootstrap, deadLetter.topic());
        return new Redrive(System.out).redrive(letters, filter, URI.create(brokerUrl), dryRun) == 0 ? 0 : 1;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value\n" + USAGE);
        }
        return args[i];
    }
}
