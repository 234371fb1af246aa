package dev.orderflow.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.orderflow.harness.FunctionProcess;
import dev.orderflow.local.Launch;

/**
 * Records the startup archives (AppCDS, AOT cache) the timed launches use, outside of any timing: each function
 * starts with the archive being recorded, takes a workload of every event type it consumes, and is stopped with
 * SIGTERM; the JVM writes the archive as it exits. An archive holds the exact JDK and the jars' timestamps, so each
 * bench run records its own, once per launch, and all the functions of one round train side by side.
 */
final class Trainer {

    /** An AOT cache is assembled by a second JVM after the first exits: several seconds, longer with 5 at once. */
    private static final Duration DUMP_TIMEOUT = Duration.ofMinutes(3);

    private final Path dir;
    private final int eventsPerType;
    private final Set<Path> trained = new HashSet<>();

    Trainer(Path dir, int eventsPerType) {
        this.dir = dir;
        this.eventsPerType = eventsPerType;
    }

    /** Records the archive of every launch (function to launch) not yet recorded in this run. */
    void train(Map<String, Launch> launches, LoadClient client) {
        Map<String, Launch> pending = new LinkedHashMap<>();
        launches.forEach((function, launch) -> {
            if (launch != null && launch.archive() != null && !trained.contains(launch.archive())) {
                pending.put(function, launch);
            }
        });
        if (pending.isEmpty()) {
            return;
        }
        Bench.progress("recording startup archives (not timed): " + describe(pending));
        long started = System.nanoTime();
        List<FunctionProcess> processes = new ArrayList<>();
        try {
            pending.forEach((function, launch) -> {
                delete(launch.archive());
                processes.add(new FunctionProcess(dir, function, launch, true).start());
            });
            for (FunctionProcess process : processes) {
                process.awaitReady();
                List<Samples.Sample> samples = Samples.consumedBy(process.name());
                LoadClient.Result result = client.send(process.port(), samples, 4, (long) eventsPerType * samples.size());
                if (result.errors() > 0) {
                    throw new IllegalStateException(process.name() + " failed " + result.errors()
                            + " training events, first: " + result.firstError());
                }
            }
            // SIGTERM to all first, so that the archives are written side by side, then wait for each JVM to exit.
            processes.forEach(p -> ProcessHandle.of(p.process().pid()).ifPresent(ProcessHandle::destroy));
            processes.forEach(p -> p.process().stop(DUMP_TIMEOUT));
        } finally {
            processes.forEach(FunctionProcess::close);
        }
        pending.forEach((function, launch) -> {
            Path archive = launch.archive();
            if (!isFile(archive)) {
                throw new IllegalStateException("no archive " + archive + " after training " + function + " (log: "
                        + dir.resolve(function + ".log") + ")");
            }
            trained.add(archive);
        });
        Bench.progress(String.format(Locale.ROOT, "archives recorded in %.1f s", (System.nanoTime() - started) / 1e9));
    }

    private static String describe(Map<String, Launch> launches) {
        List<String> names = new ArrayList<>();
        launches.forEach((function, launch) -> names.add(function + " (" + launch.archive().getFileName() + ")"));
        return String.join(", ", names);
    }

    private static boolean isFile(Path archive) {
        try {
            return Files.isRegularFile(archive) && Files.size(archive) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void delete(Path archive) {
        try {
            Files.deleteIfExists(archive);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the stale archive " + archive, e);
        }
    }
}
