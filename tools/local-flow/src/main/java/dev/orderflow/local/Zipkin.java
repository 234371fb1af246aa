package dev.orderflow.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The local flow's trace viewer ({@code scripts/run.sh up --observe}): a Zipkin server with its spans in memory, to
 * which the broker and every function send theirs, so that an order's trace opens in a browser. The server is
 * Zipkin's own executable jar, copied from Maven Central by this module's build.
 */
public final class Zipkin {

    static final String NAME = "zipkin";
    static final int PORT = 9411;
    /** Where the broker and the functions send spans (dev.orderflow.http.TraceExport reads the setting). */
    static final String SPANS = "http://127.0.0.1:" + PORT + "/api/v2/spans";
    /** The setting that names where a component sends its spans (dev.orderflow.http.TraceExport reads it). */
    public static final String SPANS_SETTING = "orderflow.tracing.zipkin-endpoint";

    private Zipkin() {
    }

    /** The JVM options that make a component of the flow send its spans here. */
    static List<String> exportOptions() {
        return exportOptions(SPANS);
    }

    /** The JVM options that make a component send its spans to another Zipkin endpoint (the benchmarks' sink). */
    public static List<String> exportOptions(String spans) {
        return List.of("-D" + SPANS_SETTING + "=" + spans);
    }

    static Path jar(Path root) {
        return root.resolve("tools/local-flow/target/zipkin/zipkin-server.jar");
    }

    static List<String> command(Path root) {
        Path jar = jar(root);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no Zipkin server at " + jar + ": build first (./mvnw -B install -DskipTests)");
        }
        List<String> command = new ArrayList<>(List.of(Jvms.current().toString()));
        command.addAll(Jvms.JAVA_OPTIONS);
        command.addAll(List.of("-Xmx256m", Supervisor.marker(NAME), "-jar", jar.toString(),
                "--server.port=" + PORT, "--server.address=127.0.0.1", "--logging.level.root=WARN"));
        return command;
    }

    /** Zipkin's UI: every trace, searchable. */
    static final String UI = "http://127.0.0.1:" + PORT + "/zipkin/";

    /** The page of one trace in Zipkin's UI. */
    static String traceUrl(String traceId) {
        return UI + "traces/" + traceId;
    }

    static boolean ready() {
        return Supervisor.answersOk("http://127.0.0.1:" + PORT + "/health");
    }
}
