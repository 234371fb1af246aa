package dev.orderflow.bench;

import java.nio.file.Path;

import dev.orderflow.harness.Project;
import dev.orderflow.local.Launch;
import dev.orderflow.local.LocalTopology;

/**
 * The ways a function can start, slowest first. The archives of {@code appcds} and {@code aot} are the bench's own
 * ({@code bench-app.jsa}, {@code bench-app.aot}), so a benchmark never rewrites the ones scripts/run.sh uses.
 */
enum Packaging {

    FAST_JAR("fast-jar", "fast-jar, Java 17, no archive"),
    APPCDS("appcds", "aot-jar, Java 17, AppCDS"),
    AOT("aot", "aot-jar, Java 25, AOT cache");

    private final String id;
    private final String description;

    Packaging(String id, String description) {
        this.id = id;
        this.description = description;
    }

    String id() {
        return id;
    }

    String description() {
        return description;
    }

    /** How {@code function} starts in this packaging, with the functions' JVM options; null when not available. */
    Launch launch(String function) {
        return this == FAST_JAR
                ? Launch.fastJar(Project.ROOT.resolve("functions/" + function + "/target/fast-jar"))
                        .withOptions(Jvm.FUNCTION_OPTIONS)
                : launchApp(LocalTopology.functionApp(Project.ROOT, function));
    }

    /** How the aot-jar in {@code app} starts in this packaging (not the fast-jar), with the functions' JVM options. */
    Launch launchApp(Path app) {
        Launch launch = switch (this) {
            case FAST_JAR -> throw new IllegalArgumentException("an aot-jar has no fast-jar packaging");
            case APPCDS -> Launch.appCds(app, "bench-app.jsa");
            case AOT -> Launch.aotCache(app, "bench-app.aot").orElse(null);
        };
        return launch == null ? null : launch.withOptions(Jvm.FUNCTION_OPTIONS);
    }

    /** What scripts/run.sh uses by default: the AOT cache when Java 25 is found, else AppCDS on Java 17. */
    static Packaging defaultPackaging() {
        return Jvm.java25() != null ? AOT : APPCDS;
    }
}
