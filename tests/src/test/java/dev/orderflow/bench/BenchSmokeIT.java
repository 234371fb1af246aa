package dev.orderflow.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.orderflow.harness.Project;

/**
 * The benchmark suite keeps working: {@code scripts/run.sh bench all --smoke} runs every benchmark for a few seconds
 * (building what it lacks), exits 0, and writes every CSV file with its columns and the chart. The figures of a
 * smoke run mean nothing and are not looked at.
 */
class BenchSmokeIT {

    /** Each file the suite writes, and the columns its first line names. */
    static final Map<String, List<String>> CSV = Map.ofEntries(
            Map.entry("cold-start.csv", List.of("function", "packaging", "runs", "first_event_ms_median", "first_event_ms_min",
                    "first_event_ms_max", "quarkus_started_ms_median", "speedup_vs_fast_jar", "rss_first_mib_median",
                    "rss_warm_mib_median", "rss_warm_mib_max", "rss_warm_anon_mib_median", "rss_warm_file_mib_median")),
            Map.entry("cold-start-runs.csv", List.of("function", "packaging", "java", "run", "first_event_ms",
                    "quarkus_started_ms", "rss_first_kib", "rss_warm_kib", "rss_warm_anon_kib", "rss_warm_file_kib")),
            Map.entry("throughput.csv", List.of("concurrency", "function_events_per_s_median", "function_events_per_s_min",
                    "function_events_per_s_max", "function_p50_ms", "function_p99_ms", "raw_events_per_s_median",
                    "raw_events_per_s_min", "raw_events_per_s_max", "raw_p50_ms", "raw_p99_ms", "ratio",
                    "function_errors", "function_cpu_pct", "raw_cpu_pct", "client_cpu_pct", "raw_client_cpu_pct")),
            Map.entry("throughput-runs.csv", List.of("target", "concurrency", "run", "events_per_s", "p50_ms", "p99_ms", "errors",
                    "server_cpu_pct", "client_cpu_pct", "spans_per_s")),
            Map.entry("throughput-export.csv", List.of("concurrency", "off_events_per_s", "otlp_events_per_s",
                    "zipkin_events_per_s", "off_cpu_us_per_event", "otlp_cpu_us_per_event", "zipkin_cpu_us_per_event",
                    "otlp_change_pct", "zipkin_change_pct", "otlp_spans_per_s", "zipkin_spans_per_s")),
            Map.entry("throughput-peer.csv", List.of("concurrency", "function_events_per_s", "peer_events_per_s",
                    "ratio", "function_p50_ms", "function_p99_ms", "peer_p50_ms", "peer_p99_ms",
                    "function_cpu_us_per_event", "peer_cpu_us_per_event", "function_no_export_events_per_s")),
            Map.entry("e2e.csv", List.of("run", "offered_per_s", "seconds", "posted", "accepted", "refused", "skipped",
                    "completed", "cancelled", "lost", "duplicates", "dead_lettered", "events_stored", "completed_per_s",
                    "completed_per_s_5s_min", "completed_per_s_5s_max", "p50_ms", "p95_ms", "p99_ms", "max_ms")),
            Map.entry("e2e-steps.csv", List.of("offered_per_s", "posted_per_s", "completed_per_s", "p50_ms", "p95_ms", "p99_ms",
                    "keeps_up")),
            Map.entry("e2e-cpu.csv", List.of("run", "broker", "order-validator", "payment", "inventory", "shipping",
                    "order-notifier", "bench", "total")),
            Map.entry("e2e-idle.csv", List.of("round", "after_quiet_ms", "awake_ms", "difference_ms")),
            Map.entry("cold-start-from-zero.csv", List.of("function", "first_event_ms_cold_start_bench",
                    "cold_start_ms_through_activator", "difference_ms")),
            Map.entry("e2e-rss.csv", List.of("process", "rss_mib", "rss_anon_mib", "rss_file_mib")),
            Map.entry("e2e-baseline.csv", List.of("run", "records", "record_bytes", "partitions", "seconds", "records_per_s",
                    "orders_per_s_equivalent")),
            Map.entry("e2e-export.csv", List.of("run", "completed_per_s", "flow_cpu_ms_per_order",
                    "broker_cpu_ms_per_order", "functions_cpu_ms_per_order", "p50_ms", "p99_ms", "spans_per_order")));

    @TempDir
    Path out;

    @Test
    void shouldRunEveryBenchmarkAndWriteItsFiguresAndChart() throws Exception {
        Path log = out.resolve("bench.log");
        Process bench = new ProcessBuilder("scripts/run.sh", "bench", "all", "--smoke", "--out", out.toString())
                .directory(Project.ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            assertThat(bench.waitFor(5, TimeUnit.MINUTES)).as("bench finished in time:\n%s", tail(log)).isTrue();
        } finally {
            bench.descendants().forEach(ProcessHandle::destroyForcibly);
            bench.destroyForcibly();
        }
        assertThat(bench.exitValue()).as("exit code of scripts/run.sh bench all --smoke:\n%s", tail(log)).isZero();
        for (Map.Entry<String, List<String>> file : CSV.entrySet()) {
            Path csv = out.resolve(file.getKey());
            assertThat(csv).as(file.getKey()).isRegularFile();
            List<String> lines = Files.readAllLines(csv);
            assertThat(lines).as(file.getKey()).hasSizeGreaterThan(1);
            assertThat(List.of(lines.get(0).split(","))).as("columns of " + file.getKey())
                    .containsExactlyElementsOf(file.getValue());
        }
        assertThat(out.resolve("e2e-latency.png")).isRegularFile().isNotEmptyFile();
        // The "on" rows of the export comparisons measured processes that really sent spans.
        assertThat(column(out.resolve("throughput-export.csv"), "otlp_spans_per_s")).anyMatch(v -> v > 0);
        assertThat(column(out.resolve("throughput-export.csv"), "zipkin_spans_per_s")).anyMatch(v -> v > 0);
        // The plain Funqy peer answered (a smoke run loads payment, the step it implements).
        assertThat(column(out.resolve("throughput-peer.csv"), "peer_events_per_s")).allMatch(v -> v > 0);
        assertThat(column(out.resolve("e2e-export.csv"), "spans_per_order")).last().matches(v -> v > 0,
                "spans were exported");
        assertThat(Files.readString(log)).contains("reproduce: scripts/run.sh bench all --smoke");
    }

    /** A numeric column, counted from the right: only the first column (a run's name) may hold a quoted comma. */
    static List<Double> column(Path csv, String name) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        int fromRight = header.size() - header.indexOf(name);
        return lines.stream().skip(1).map(line -> line.split(","))
                .map(cells -> Double.parseDouble(cells[cells.length - fromRight])).toList();
    }

    static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
