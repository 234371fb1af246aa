package dev.orderflow.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.orderflow.harness.FunctionProcess;
import dev.orderflow.local.Launch;

/**
 * Launch to first answered event, for each function in each packaging, with the resident memory after that first
 * event and after a warm-up; the floor is a minimal Vert.x server launched on the same JVMs in the same runs. Runs
 * are interleaved (every packaging once, then again) so that a noisy minute hits all of them alike.
 */
final class ColdStartBench {

    /** One timed launch. */
    record Run(String function, String packaging, String java, int run, double firstEventMs,
            double quarkusStartedMs, long rssFirstKib, Rss warm) {
    }

    static final String RUNS_CSV = "cold-start-runs.csv";
    static final String SUMMARY_CSV = "cold-start.csv";
    private static final Duration FIRST_EVENT_TIMEOUT = Duration.ofSeconds(60);
    /** The target: under 150 MB (10^6 bytes) resident after warm-up. */
    private static final long RSS_TARGET_KIB = 150_000_000L / 1024;

    private final Options options;
    private final Path dir;
    private final LoadClient client;
    private final Trainer trainer;
    private final FirstEventProbe probe = new FirstEventProbe();
    private final List<Run> runs = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    ColdStartBench(Options options, Path dir, LoadClient client, Trainer trainer) {
        this.options = options;
        this.dir = dir;
        this.client = client;
        this.trainer = trainer;
    }

    void run() {
        int warmupEvents = options.smoke() ? 100 : 3000;
        Bench.section("cold start: launch to first event answered 200", options,
                "JVM options of every launch (functions and baseline): " + String.join(" ", Jvm.FUNCTION_OPTIONS)
                        + " (as scripts/run.sh starts the functions); " + options.runs() + " run(s) each; RSS after the "
                        + "first event and after " + warmupEvents + " more events over keep-alive (concurrency 4)");
        Map<Packaging, Map<String, Launch>> launches = launches();
        for (Packaging packaging : List.of(Packaging.APPCDS, Packaging.AOT)) {
            if (launches.containsKey(packaging)) {
                trainer.train(launches.get(packaging), client);
            }
        }
        List<Path> javas = new ArrayList<>(List.of(Jvm.java17()));
        if (Jvm.java25() != null) {
            javas.add(Jvm.java25());
        }
        // The bench's own HTTP client and process start are cold on the first launch: warm them on a throwaway one.
        baseline(javas.get(0), options.functions().get(0), 0);
        for (String function : options.functions()) {
            for (int run = 1; run <= options.runs(); run++) {
                baseline(javas.get(0), function, run);
                for (Map.Entry<Packaging, Map<String, Launch>> entry : launches.entrySet()) {
                    measure(function, entry.getKey(), entry.getValue().get(function), run, warmupEvents);
                }
                if (javas.size() > 1) {
                    baseline(javas.get(1), function, run);
                }
            }
        }
        report();
        fromZero();
        new ContainerColdStartBench(options, dir.resolve("containers")).run();
    }

    /**
     * Every function scaled to zero behind the broker's activator, in the default packaging, against the first events
     * measured above: an order needs all five, so those not measured here are started too.
     */
    private void fromZero() {
        Packaging chosen = Packaging.defaultPackaging();
        Map<String, Launch> all = new LinkedHashMap<>();
        for (String function : FunctionProcess.ALL) {
            Launch launch = chosen.launch(function);
            all.put(function, options.smoke() && !options.functions().contains(function)
                    ? launch.withoutArchive("smoke: no archive") : launch);
        }
        trainer.train(all, client);
        Map<String, Double> firstEvents = new LinkedHashMap<>();
        for (String function : options.functions()) {
            firstEvents.put(function, firstEvent(runs.stream().filter(r -> r.function().equals(function)
                    && r.packaging().equals(chosen.description())).toList()).median());
        }
        new ScaleFromZeroBench(options, dir.resolve("from-zero"), all, firstEvents).run();
    }

    /** The launch of every function in every packaging that is available here. */
    private Map<Packaging, Map<String, Launch>> launches() {
        Map<Packaging, Map<String, Launch>> all = new EnumMap<>(Packaging.class);
        for (Packaging packaging : Packaging.values()) {
            Map<String, Launch> byFunction = new LinkedHashMap<>();
            for (String function : options.functions()) {
                Launch launch = packaging.launch(function);
                if (launch == null) {
                    note(packaging.description() + ": skipped, no Java 25 found (set ORDERFLOW_JAVA25_HOME)");
                } else if (!launch.available()) {
                    note(packaging.description() + " of " + function + ": skipped, no " + launch.app().resolve("quarkus-run.jar")
                            + (packaging == Packaging.FAST_JAR ? " (scripts/run.sh bench builds it)" : ""));
                } else {
                    byFunction.put(function, launch);
                }
            }
            if (!byFunction.isEmpty()) {
                all.put(packaging, byFunction);
            }
        }
        return all;
    }

    private void measure(String function, Packaging packaging, Launch launch, int run, int warmupEvents) {
        if (launch == null) {
            return;
        }
        try (FunctionProcess process = new FunctionProcess(dir, function, launch, false)) {
            int logLines = QuarkusLog.lines(process.process().log());
            double ms = probe.launchToFirst200(process.process(), process.port(), Samples.main(function),
                    FIRST_EVENT_TIMEOUT);
            long rssFirst = Rss.of(process.process().pid()).totalKib();
            LoadClient.Result warm = client.send(process.port(), Samples.consumedBy(function), 4, warmupEvents);
            if (warm.errors() > 0) {
                note(function + " (" + packaging.id() + ") failed " + warm.errors() + " warm-up events, first: "
                        + warm.firstError());
            }
            Rss warmRss = Rss.of(process.process().pid());
            double started = QuarkusLog.startedMs(process.process().log(), logLines);
            record(new Run(function, packaging.description(), Jvm.version(launch.java()), run, ms, started, rssFirst,
                    warmRss));
        }
    }

    private void baseline(Path java, String function, int run) {
        BaselineServer server = new BaselineServer(MinimalServer.class, java, dir.resolve("minimal-server.log"));
        try {
            double ms = probe.launchToFirst200(server.process(), server.port(), Samples.main(function),
                    FIRST_EVENT_TIMEOUT);
            long rss = Rss.of(server.process().pid()).totalKib();
            if (run > 0) {
                record(new Run(function, baselineName(java), Jvm.version(java), run, ms, Double.NaN, rss, Rss.NONE));
            }
        } finally {
            server.process().stop();
        }
    }

    private static String baselineName(Path java) {
        return "baseline: minimal Vert.x, Java " + Jvm.feature(java);
    }

    private void record(Run run) {
        runs.add(run);
        Bench.progress(String.format(Locale.ROOT, "%-16s %-32s run %d: first event %7.1f ms, RSS %s / %s MiB",
                run.function(), run.packaging(), run.run(), run.firstEventMs(), mib(run.rssFirstKib()),
                mib(run.warm().totalKib())));
    }

    private void note(String note) {
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    private void report() {
        Table all = new Table("function", "packaging", "java", "run", "first_event_ms", "quarkus_started_ms",
                "rss_first_kib", "rss_warm_kib", "rss_warm_anon_kib", "rss_warm_file_kib");
        runs.forEach(r -> all.row(r.function(), r.packaging(), r.java(), r.run(), Table.number(r.firstEventMs(), 1),
                Table.number(r.quarkusStartedMs(), 0), r.rssFirstKib(), blank(r.warm().totalKib()),
                blank(r.warm().anonKib()), blank(r.warm().fileKib())));
        all.writeCsv(options.out().resolve(RUNS_CSV));

        Table csv = new Table("function", "packaging", "runs", "first_event_ms_median", "first_event_ms_min",
                "first_event_ms_max", "quarkus_started_ms_median", "speedup_vs_fast_jar", "rss_first_mib_median",
                "rss_warm_mib_median",
                "rss_warm_mib_max", "rss_warm_anon_mib_median", "rss_warm_file_mib_median");
        Table printed = new Table("function", "packaging", "first event ms: median (min–max)", "Quarkus started ms",
                "vs fast-jar",
                "RSS 1st event MiB", "RSS warm MiB", "of which anon / file");
        List<String> verdicts = new ArrayList<>();
        Packaging chosen = Packaging.defaultPackaging();
        Map<String, List<Run>> byPackaging = new LinkedHashMap<>();
        for (String function : options.functions()) {
            Map<String, List<Run>> mine = group(runs.stream().filter(r -> r.function().equals(function)).toList());
            Stats fastJar = firstEvent(mine.get(Packaging.FAST_JAR.description()));
            mine.forEach((packaging, list) -> {
                if (packaging.startsWith("baseline")) {
                    byPackaging.computeIfAbsent(packaging, k -> new ArrayList<>()).addAll(list);
                    return;
                }
                Stats first = firstEvent(list);
                Stats started = Stats.of(list.stream().map(Run::quarkusStartedMs).toList());
                Stats rssFirst = Stats.of(list.stream().map(r -> r.rssFirstKib() / 1024.0).toList());
                Stats rssWarm = Stats.of(list.stream().map(r -> r.warm().totalKib() / 1024.0).toList());
                Stats anon = Stats.of(list.stream().map(r -> r.warm().anonKib() / 1024.0).toList());
                Stats file = Stats.of(list.stream().map(r -> r.warm().fileKib() / 1024.0).toList());
                double speedup = fastJar.median() / first.median();
                csv.row(function, packaging, first.n(), Table.number(first.median(), 1), Table.number(first.min(), 1),
                        Table.number(first.max(), 1), Table.number(started.median(), 0), Table.number(speedup, 2),
                        Table.number(rssFirst.median(), 1),
                        Table.number(rssWarm.median(), 1), Table.number(rssWarm.max(), 1), Table.number(anon.median(), 1),
                        Table.number(file.median(), 1));
                printed.row(function, packaging, first.format(0), Table.number(started.median(), 0),
                        Double.isNaN(speedup) ? "-" : Table.number(speedup, 2) + "x",
                        rssFirst.format(0), rssWarm.format(0), Table.number(anon.median(), 0) + " / "
                                + Table.number(file.median(), 0));
                if (packaging.equals(chosen.description())) {
                    verdicts.add(String.format(Locale.ROOT,
                            "%s, default packaging (%s): first event %.0f ms (target <= 1000 ms: %s); %.2fx faster than "
                                    + "fast-jar (target >= 2.5x: %s); RSS after warm-up up to %.0f MiB (target < 150 MB"
                                    + " = 143 MiB: %s)",
                            function, chosen.id(), first.median(), met(first.median() <= 1000), speedup,
                            Double.isNaN(speedup) ? "no fast-jar measured" : met(speedup >= 2.5), rssWarm.max(),
                            met(rssWarm.max() * 1024 < RSS_TARGET_KIB)));
                }
            });
        }
        byPackaging.forEach((packaging, list) -> {
            Stats first = firstEvent(list);
            Stats rss = Stats.of(list.stream().map(r -> r.rssFirstKib() / 1024.0).toList());
            csv.row("(all)", packaging, first.n(), Table.number(first.median(), 1), Table.number(first.min(), 1),
                    Table.number(first.max(), 1), "", "", Table.number(rss.median(), 1), "", "", "", "");
            printed.row("(all)", packaging, first.format(0), "", "", rss.format(0), "", "");
        });
        csv.writeCsv(options.out().resolve(SUMMARY_CSV));
        printed.print("Cold start (" + options.runs() + " run(s) per row; baseline rows: every run of every function)");
        verdicts.forEach(v -> BenchLog.LOG.info("  " + v));
        notes.forEach(n -> BenchLog.LOG.info("  note: " + n));
        Bench.wrote(options, RUNS_CSV, SUMMARY_CSV);
    }

    private static Map<String, List<Run>> group(List<Run> runs) {
        Map<String, List<Run>> groups = new LinkedHashMap<>();
        runs.forEach(r -> groups.computeIfAbsent(r.packaging(), k -> new ArrayList<>()).add(r));
        return groups;
    }

    private static Stats firstEvent(List<Run> runs) {
        return runs == null ? Stats.of() : Stats.of(runs.stream().map(Run::firstEventMs).toList());
    }

    static String met(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static String blank(long kib) {
        return kib < 0 ? "" : String.valueOf(kib);
    }

    private static String mib(long kib) {
        return kib < 0 ? "-" : String.valueOf(Math.round(kib / 1024.0));
    }
}
