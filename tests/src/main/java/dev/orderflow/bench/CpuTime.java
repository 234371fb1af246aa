package dev.orderflow.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.orderflow.harness.ManagedProcess;
import dev.orderflow.harness.OrderFlow;

/**
 * CPU time used so far by a process, to show where the 2 cores went during a load run: into the server, or into the
 * client generating the load.
 */
final class CpuTime {

    /** The bench's own JVM among the processes of {@link #ofFlow}. */
    static final String BENCH = "bench";

    /** USER_HZ: the unit of /proc/<pid>/stat's times, 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100.0;

    private CpuTime() {
    }

    /** User plus system CPU seconds of process {@code pid}; NaN when it cannot be read. */
    static double ofProcess(long pid) {
        try {
            return ofStat(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * CPU seconds every core of the machine has spent busy so far (the first line of {@code /proc/stat}: all but idle
     * and waiting for I/O), whoever used them; NaN when it cannot be read.
     */
    static double ofMachine() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                busy += i == 4 || i == 5 ? 0 : Long.parseLong(fields[i]);
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** User plus system CPU seconds of a {@code /proc/<pid>/stat} or {@code /proc/<pid>/task/<tid>/stat} line. */
    private static double ofStat(String stat) {
        // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    /**
     * User plus system CPU seconds of the JIT compiler threads of process {@code pid} (HotSpot names them
     * {@code C1 CompilerThreadN} and {@code C2 CompilerThreadN}; the kernel keeps 15 characters); 0 when none can be
     * read.
     */
    static double ofCompilers(long pid) {
        double seconds = 0;
        try (var tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat = Files.readString(task.resolve("stat"));
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    seconds += ofStat(stat);
                }
            }
        } catch (IOException | RuntimeException e) {
            // a thread or the process ended meanwhile: what was read so far
        }
        return seconds;
    }

    /** CPU seconds of the JIT compilers of every process of {@code flow}. */
    static double ofFlowCompilers(OrderFlow flow) {
        return flow.processes().values().stream().mapToDouble(p -> ofCompilers(p.pid())).sum();
    }

    /** CPU seconds of the bench's own JVM. */
    static double ofBench() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** CPU seconds so far of each process of {@code flow}, and of the bench ({@link #BENCH}). */
    static Map<String, Double> ofFlow(OrderFlow flow) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (Map.Entry<String, ManagedProcess> e : flow.processes().entrySet()) {
            seconds.put(e.getKey(), ofProcess(e.getValue().pid()));
        }
        seconds.put(BENCH, ofBench());
        return seconds;
    }

    /** Percent of one core each process used between two readings of {@link #ofFlow}, {@code wall} seconds apart. */
    static Map<String, Double> share(Map<String, Double> before, Map<String, Double> after, double wall) {
        Map<String, Double> percent = new LinkedHashMap<>();
        before.forEach((name, cpu) -> percent.put(name, 100 * (after.get(name) - cpu) / wall));
        return percent;
    }
}
