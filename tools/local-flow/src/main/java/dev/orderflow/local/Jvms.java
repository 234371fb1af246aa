package dev.orderflow.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The JVMs the flow's processes run on, and the options they get. */
public final class Jvms {

    /** Every JVM of the flow: ORDERFLOW_JAVA_OPTS, by default the serial collector (one or two cores). */
    public static final List<String> JAVA_OPTIONS = options("ORDERFLOW_JAVA_OPTS", "-XX:+UseSerialGC");

    /**
     * A function's JVM: {@link #JAVA_OPTIONS} then ORDERFLOW_FUNCTION_OPTS, by default a 96 MiB heap with a 12 MiB
     * young generation, whose unused native memory goes back every 5 s, as the functions' Knative Services run them
     * (docs/benchmarks.md).
     */
    public static final List<String> FUNCTION_OPTIONS = Stream.concat(JAVA_OPTIONS.stream(),
            options("ORDERFLOW_FUNCTION_OPTS", "-Xmx96m -Xmn12m -XX:TrimNativeHeapInterval=5000").stream()).toList();

    /**
     * The local broker's java: a Java 25 when there is one ({@link #java25}), for its compact object headers (below),
     * else this JVM.
     */
    public static final Path BROKER_JAVA = java25().orElseGet(Jvms::current);

    /**
     * The local broker's JVM, Kafka embedded in it: {@link #JAVA_OPTIONS} then ORDERFLOW_BROKER_OPTS. By default on
     * Java 25 a 128 MiB heap and compact object headers (8-byte headers instead of 12: the same events in less heap);
     * on an older Java a 160 MiB heap. Either way, unused native memory goes back every 5 s; no thread keeps a socket
     * buffer over 256 KiB for reuse: the JDK keeps one per thread as large as the largest read, and Kafka's threads
     * read whole fetch responses (docs/benchmarks.md, "Memory"); and only the C2 compiler: tiered compilation's C1
     * tier kept compiling for minutes in an idle flow, and its code and profiles cost memory (docs/benchmarks.md, "An
     * idle flow"). (Without a heap limit the JVM would take a quarter of the machine's memory and start at 1/64 of
     * it.)
     */
    public static final List<String> BROKER_OPTIONS = Stream.concat(JAVA_OPTIONS.stream(),
            options("ORDERFLOW_BROKER_OPTS", (compactHeaders() ? "-Xmx128m -XX:+UseCompactObjectHeaders" : "-Xmx160m")
                    + " -XX:TrimNativeHeapInterval=5000 -XX:-TieredCompilation -Djdk.nio.maxCachedBufferSize=262144")
                    .stream()).toList();

    /** The start of the local broker's command: {@link #BROKER_JAVA} then {@link #BROKER_OPTIONS}. */
    public static final List<String> BROKER_JVM = Stream.concat(Stream.of(BROKER_JAVA.toString()),
            BROKER_OPTIONS.stream()).toList();

    private Jvms() {
    }

    /** The java launcher of this JVM. */
    public static Path current() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** A Java 25 launcher: ORDERFLOW_JAVA25_HOME, else a Temurin 25 under /usr/lib/jvm; empty when there is none. */
    public static Optional<Path> java25() {
        String home = System.getenv("ORDERFLOW_JAVA25_HOME");
        if (home == null || home.isBlank()) {
            try (Stream<Path> dirs = Files.list(Path.of("/usr/lib/jvm"))) {
                home = dirs.map(Path::toString).filter(d -> d.contains("temurin-25")).sorted().findFirst().orElse(null);
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        Path java = home == null ? null : Path.of(home, "bin", "java");
        return java != null && Files.isExecutable(java) ? Optional.of(java) : Optional.empty();
    }

    /**
     * Whether {@link #BROKER_JAVA} has compact object headers (a product option since Java 25): it is a Java 25 unless
     * it is this JVM.
     */
    private static boolean compactHeaders() {
        return !BROKER_JAVA.equals(current()) || Runtime.version().feature() >= 25;
    }

    private static List<String> options(String variable, String byDefault) {
        String value = System.getenv(variable);
        return Arrays.stream((value == null ? byDefault : value).trim().split("\\s+")).filter(o -> !o.isEmpty())
                .toList();
    }
}
