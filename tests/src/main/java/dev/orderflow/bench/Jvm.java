package dev.orderflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import dev.orderflow.local.Jvms;

/** The JVMs the benchmarks launch, and the options every function (and every baseline) gets. */
final class Jvm {

    /**
     * What scripts/run.sh gives the functions: ORDERFLOW_JAVA_OPTS then ORDERFLOW_FUNCTION_OPTS, with the same
     * defaults, so a benchmark measures the options a user tries with {@code scripts/run.sh up}.
     */
    static final List<String> FUNCTION_OPTIONS = Jvms.FUNCTION_OPTIONS;

    private Jvm() {
    }

    /** The JVM running the bench: Java 17 when started by scripts/run.sh bench. */
    static Path java17() {
        return Jvms.current();
    }

    /** Temurin 25 (or ORDERFLOW_JAVA25_HOME); {@code null} when there is none. */
    static Path java25() {
        return Jvms.java25().orElse(null);
    }

    /** "17.0.15" from the JDK's release file, or the launcher's path when it has none. */
    static String version(Path java) {
        Path release = java.getParent().getParent().resolve("release");
        try (var in = Files.newBufferedReader(release)) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("JAVA_VERSION", java.toString()).replace("\"", "");
        } catch (IOException e) {
            return java.toString();
        }
    }

    /** The feature release of a launcher, 17 or 25. */
    static int feature(Path java) {
        String version = version(java);
        try {
            return Integer.parseInt(version.split("[.+-]")[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
