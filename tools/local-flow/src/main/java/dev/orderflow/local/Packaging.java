package dev.orderflow.local;

import java.nio.file.Path;
import java.util.Locale;

/**
 * How {@code scripts/run.sh up} starts the functions: from a Java 25 AOT cache ({@code aot}, the default where Java 25
 * is found), a Java 17 AppCDS archive ({@code appcds}, the default elsewhere) or as built ({@code plain}). The archive
 * is recorded on the running flow once after each build (docs/benchmarks.md has the figures).
 */
public enum Packaging {

    AOT("app.aot"),
    APPCDS("app.jsa"),
    PLAIN(null);

    private final String archive;

    Packaging(String archive) {
        this.archive = archive;
    }

    /** {@code ORDERFLOW_PACKAGING}: aot, appcds, plain, or auto (unset): aot when Java 25 is found, else appcds. */
    public static Packaging chosen(String setting) {
        if (setting == null || setting.isBlank() || setting.equals("auto")) {
            return Jvms.java25().isPresent() ? AOT : APPCDS;
        }
        return switch (setting) {
            case "aot" -> AOT;
            case "appcds" -> APPCDS;
            case "plain" -> PLAIN;
            default -> throw new IllegalArgumentException("ORDERFLOW_PACKAGING is aot, appcds, plain or auto, not '"
                    + setting + "'");
        };
    }

    /** How the application in {@code app} starts in this packaging, with the functions' JVM options. */
    public Launch launch(Path app) {
        Launch launch = switch (this) {
            case AOT -> Launch.aotCache(app, archive).orElseThrow(() -> new IllegalStateException(
                    "ORDERFLOW_PACKAGING=aot needs Java 25 (ORDERFLOW_JAVA25_HOME)"));
            case APPCDS -> Launch.appCds(app, archive);
            case PLAIN -> Launch.plain(app);
        };
        return launch.withOptions(Jvms.FUNCTION_OPTIONS);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
