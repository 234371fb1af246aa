package dev.orderflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a function's own log says about its start: Quarkus's "started in 0.512s", timed by Quarkus from its main
 * method. Set beside launch-to-first-event it splits a cold start into the JVM and Quarkus's boot, and the rest (the
 * JVM's own launch, and the first event's path through Funqy, Jackson and OpenTelemetry).
 */
final class QuarkusLog {

    private static final Pattern STARTED = Pattern.compile("started in (\\d+(?:\\.\\d+)?)s");

    private QuarkusLog() {
    }

    static int lines(Path log) {
        return read(log).size();
    }

    /** The "started in" of the first start logged after line {@code from}, in milliseconds; NaN when none. */
    static double startedMs(Path log, int from) {
        List<String> lines = read(log);
        for (int i = from; i < lines.size(); i++) {
            Matcher m = STARTED.matcher(lines.get(i));
            if (m.find()) {
                return Double.parseDouble(m.group(1)) * 1000;
            }
        }
        return Double.NaN;
    }

    private static List<String> read(Path log) {
        try {
            return Files.exists(log) ? Files.readAllLines(log) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
