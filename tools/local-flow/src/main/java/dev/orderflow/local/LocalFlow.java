package dev.orderflow.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.orderflow.local.LocalTopology.Component;

/**
 * {@code scripts/run.sh up | down | status | order | events | components}: the order flow on one machine, the local
 * broker (with embedded Kafka) and the functions, as processes that outlive the command.
 *
 * <pre>
 * LocalFlow &lt;repository root&gt; up [--scale-to-zero] [--containers] [--observe]
 * LocalFlow &lt;repository root&gt; down | status | components | ingress | stop &lt;component&gt;
 * LocalFlow &lt;repository root&gt; order [outcome] [--to URL] [--bearer TOKEN] [--no-wait]
 * LocalFlow &lt;repository root&gt; events &lt;subject&gt;
 * </pre>
 */
public final class LocalFlow {

    private final Flow flow;
    private final PrintStream out;

    private LocalFlow(Flow flow, PrintStream out) {
        this.flow = flow;
        this.out = out;
    }

    public static void main(String[] args) {
        try {
            if (args.length < 2) {
                throw new IllegalArgumentException("usage: LocalFlow <repository root> <command> [arguments]");
            }
            Path root = Path.of(args[0]);
            LocalTopology topology = LocalTopology.of(root);
            LocalFlow cli = new LocalFlow(new Flow(topology, FlowSettings.of(root, System.getenv()), System.out),
                    System.out);
            System.exit(cli.run(args[1], Arrays.asList(args).subList(2, args.length)));
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            System.err.println("run.sh: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        }
    }

    int run(String command, List<String> args) throws IOException, InterruptedException {
        switch (command) {
            case "up" -> up(args.contains("--scale-to-zero"), args.contains("--containers"), args.contains("--observe"),
                    args);
            case "down" -> down();
            case "status" -> status();
            case "components" -> flow.topology.all().forEach(c -> out.println(c.name() + " " + c.port()));
            case "ingress" -> out.println(ingress());
            case "stop" -> {
                if (args.size() != 1) {
                    throw new IllegalArgumentException("usage: stop <component>");
                }
                flow.stop(flow.topology.component(args.get(0)));
            }
            case "order" -> {
                return order(args);
            }
            case "events" -> {
                if (args.size() != 1) {
                    throw new IllegalArgumentException("usage: scripts/run.sh events <order id>");
                }
                out.print(OrderChain.render(new OrderClient(ingress()).events(args.get(0))));
            }
            default -> throw new IllegalArgumentException("unknown command '" + command + "'");
        }
        return 0;
    }

    private void up(boolean scaleToZero, boolean containers, boolean observe, List<String> args)
            throws IOException, InterruptedException {
        args.stream().filter(a -> !List.of("--scale-to-zero", "--containers", "--observe").contains(a)).findFirst()
                .ifPresent(a -> {
                    throw new IllegalArgumentException("unknown option '" + a
                            + "' (up [--scale-to-zero] [--containers] [--observe])");
                });
        if (flow.containers() != containers && flow.anyFunctionRuns()) {
            throw new IllegalStateException("the functions already run as " + flow.functionsAs()
                    + ": 'scripts/run.sh down' first");
        }
        if (observe && containers) {
            throw new IllegalArgumentException("--observe runs the functions as JVMs that send their spans to Zipkin on "
                    + "this machine: leave out --containers");
        }
        boolean runs = flow.supervisor.running(LocalTopology.BROKER).isPresent() || flow.anyFunctionRuns();
        if (flow.observing() != observe && runs) {
            throw new IllegalStateException("the flow already runs " + (observe ? "without" : "with")
                    + " --observe: 'scripts/run.sh down' first");
        }
        mark(flow.settings.containersMode(), containers);
        mark(flow.settings.observeMode(), observe);
        if (observe) {
            flow.startObservers();
        }
        Component broker = flow.topology.broker();
        // A broker that runs the other way (with or without the activator) is started again the way asked.
        if (flow.brokerScalesToZero().filter(running -> running != scaleToZero).isPresent()) {
            flow.stop(broker);
        }
        if (!containers && !flow.archivesFresh()) {
            // The startup archives are recorded on a running flow, once after a build.
            flow.startReady(broker, false);
            flow.train();
            if (scaleToZero) {
                flow.topology.functions().forEach(f -> flow.stop(f, Flow.ARCHIVE_GRACE));
                flow.stop(broker);
            }
        }
        if (scaleToZero) {
            // From here on the broker starts and stops the functions, as Knative's activator and autoscaler do.
            flow.startReady(broker, true);
            out.println("the order flow is up, scaled to zero: each function starts on its first event and stops after "
                    + flow.settings.idleWindow().toSeconds() + " s idle (functions: " + flow.functionsAs() + ")");
        } else {
            flow.startReady(broker, false);
            for (Component f : flow.topology.functions()) {
                flow.start(f, false, false);
            }
            for (Component f : flow.topology.functions()) {
                if (!flow.awaitReady(f)) {
                    flow.startReady(f, false);
                }
            }
            out.println("the order flow is up (functions: " + flow.functionsAs() + "):");
        }
        status();
        out.println("post events to " + ingress() + "; read an order's events with scripts/run.sh events <order id>");
        if (observe) {
            out.println("traces: " + Zipkin.UI + " (Zipkin)" + (flow.supervisor.running(Prometheus.NAME).isPresent()
                    ? "; metrics: " + Prometheus.UI + " (Prometheus)" : ""));
        }
    }

    private static void mark(Path mode, boolean on) throws IOException {
        if (on) {
            Files.createDirectories(mode.getParent());
            Files.writeString(mode, "");
        } else {
            Files.deleteIfExists(mode);
        }
    }

    private void down() throws IOException {
        List<Component> all = flow.topology.all();
        for (int i = all.size() - 1; i >= 0; i--) {
            flow.stop(all.get(i));
        }
        if (flow.containers()) {
            ContainerLaunch.fromEnvironment(flow.topology.root(), flow.settings.runDir()).remove(null);
            Files.deleteIfExists(flow.settings.containersMode());
        }
        for (String observer : Flow.OBSERVERS) {
            flow.supervisor.stop(observer, Duration.ofSeconds(10))
                    .ifPresent(pid -> out.println("stopped " + observer + " (pid " + pid + ")"));
        }
        Files.deleteIfExists(flow.settings.observeMode());
    }

    private void status() {
        boolean scaledToZero = flow.brokerScalesToZero().orElse(false);
        out.printf("%-16s %-8s %-6s %s%n", "component", "pid", "port", "state");
        for (Component c : flow.topology.all()) {
            Optional<ProcessHandle> process = flow.supervisor.running(c.name());
            boolean ready = Supervisor.ready(c.port());
            String state;
            if (process.isPresent()) {
                state = ready ? "ready" : "starting";
            } else if (ready) {
                state = "ready (not started by run.sh: quarkus dev?)";
            } else if (!c.isBroker() && scaledToZero) {
                state = "scaled to zero (starts on its next event)";
            } else {
                state = "stopped";
            }
            out.printf("%-16s %-8s %-6s %s%n", c.name(), process.map(p -> String.valueOf(p.pid())).orElse("-"), c.port(),
                    state);
        }
        if (flow.observing()) {
            observerStatus(Zipkin.NAME, Zipkin.PORT, Zipkin.ready());
            observerStatus(Prometheus.NAME, Prometheus.PORT, Prometheus.ready());
        }
    }

    private void observerStatus(String name, int port, boolean ready) {
        Optional<ProcessHandle> process = flow.supervisor.running(name);
        if (process.isPresent()) {
            out.printf("%-16s %-8s %-6s %s%n", name, process.get().pid(), port, ready ? "ready" : "starting");
        }
    }

    /** Posts a sample order; waits for its chain and prints it, unless it goes to a cluster ({@code --no-wait}). */
    private int order(List<String> args) throws IOException, InterruptedException {
        String outcome = "completed";
        String to = ingress();
        Optional<String> bearer = Optional.empty();
        String as = null;
        boolean wait = true;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--to" -> to = value(args, ++i);
                case "--bearer" -> bearer = Optional.of(value(args, ++i)).filter(t -> !t.isBlank());
                case "--as" -> as = value(args, ++i);
                case "--no-wait" -> wait = false;
                default -> outcome = args.get(i);
            }
        }
        String orderId = OrderClient.newOrderId();
        SampleOrders.data(orderId, outcome); // refuses an unknown outcome before anything is posted
        out.println("posting order " + orderId + " (expected outcome: " + outcome + ") to " + to
                + (as == null ? "" : " as " + as));
        OrderClient client = new OrderClient(to);
        HttpResponse<String> response;
        try {
            response = client.post(orderId, outcome, bearer);
        } catch (IOException e) {
            throw new IllegalStateException("cannot post to " + to + " (" + e.getMessage()
                    + "): is the flow up? scripts/run.sh status", e);
        }
        if (!wait) {
            // The answer as curl -i shows it: a cluster's broker says no more than that.
            out.println((response.version() == HttpClient.Version.HTTP_2 ? "HTTP/2 " : "HTTP/1.1 ")
                    + response.statusCode());
            response.headers().map().forEach((name, values) -> values.forEach(v -> out.println(name + ": " + v)));
            out.println();
            out.println(response.body());
            return response.statusCode() == 202 ? 0 : 1;
        }
        if (response.statusCode() != 202) {
            System.err.println(response.body());
            throw new IllegalStateException("the broker answered " + response.statusCode()
                    + " (is the flow up? scripts/run.sh status)");
        }
        var log = client.awaitEnd(orderId, flow.settings.orderTimeout());
        out.print(OrderChain.render(log));
        if (flow.observing()) {
            OrderChain.traceId(log).ifPresent(id -> out.println("trace: " + Zipkin.traceUrl(id)));
        }
        if (!OrderChain.ended(log)) {
            throw new IllegalStateException("order " + orderId + " reached no terminal event within "
                    + flow.settings.orderTimeout().toSeconds() + "s");
        }
        return 0;
    }

    private String ingress() {
        return flow.settings.brokerUrl().orElse(flow.topology.ingress());
    }

    private static String value(List<String> args, int i) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(args.get(i - 1) + " needs a value");
        }
        return args.get(i);
    }
}
