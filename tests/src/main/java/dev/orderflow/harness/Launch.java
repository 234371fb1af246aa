package dev.orderflow.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How a function's JVM starts: which packaging, JVM and startup archive. The archive (a Java 25 AOT cache or a Java
 * 17 AppCDS archive) is recorded by a training run ({@link #training()}) and used by the next starts ({@link
 * #command}); both run from the application's directory, since an archive holds the class path as the JVM saw it.
 */
public record Launch(String name, Path java, List<String> options, Path app, Path archive) {

    /** The default build (aot-jar layout), Java of the test JVM, no archive. */
    public static Launch plain(String function) {
        return new Launch("aot-jar, " + javaName(Project.java()) + ", no archive", Path.of(Project.java()), List.of(),
                Project.functionJar(function).getParent(), null);
    }

    /**
     * Quarkus's default packaging, the fast-jar, built by {@code scripts/run.sh bench} with
     * {@code -Dquarkus.package.output-directory=fast-jar}: Quarkus writes the application straight into that
     * directory (target/fast-jar/quarkus-run.jar), with no quarkus-app folder below it.
     */
    public static Launch fastJar(String function) {
        return new Launch("fast-jar, Java 17", Path.of(Project.java()), List.of(),
                Project.ROOT.resolve("functions/" + function + "/target/fast-jar"), null);
    }

    /** The aot-jar with a Java 17 AppCDS archive. */
    public static Launch appCds(String function) {
        Path app = Project.functionJar(function).getParent();
        return new Launch("aot-jar, Java 17, AppCDS", Path.of(Project.java()), List.of(), app, app.resolve("bench-app.jsa"));
    }

    /** The aot-jar with a Java 25 AOT cache; {@code null} when no Java 25 is found. */
    public static Launch aotCache(String function) {
        Path java25 = Project.java25();
        if (java25 == null) {
            return null;
        }
        Path app = Project.functionJar(function).getParent();
        return new Launch("aot-jar, Java 25, AOT cache", java25, List.of(), app, app.resolve("bench-app.aot"));
    }

    public Launch withOptions(List<String> extra) {
        List<String> all = new ArrayList<>(options);
        all.addAll(extra);
        return new Launch(name, java, List.copyOf(all), app, archive);
    }

    public boolean available() {
        return Files.exists(app.resolve("quarkus-run.jar")) && Files.isExecutable(java);
    }

    public boolean aot() {
        return archive != null && archive.getFileName().toString().endsWith(".aot");
    }

    /** The command that records the archive: start, take the workload, and write it on a clean exit. */
    public List<String> training() {
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(options);
        command.add(aot() ? "-XX:AOTCacheOutput=" + archive.getFileName() : "-XX:ArchiveClassesAtExit=" + archive.getFileName());
        command.addAll(List.of("-jar", "quarkus-run.jar"));
        return command;
    }

    /** The command that starts from the archive, if any; {@code extra} are system properties and the like. */
    public List<String> command(List<String> extra) {
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(options);
        if (archive != null) {
            command.add(aot() ? "-XX:AOTCache=" + archive.getFileName() : "-XX:SharedArchiveFile=" + archive.getFileName());
        }
        command.addAll(extra);
        command.addAll(List.of("-jar", "quarkus-run.jar"));
        return command;
    }

    private static String javaName(String java) {
        return java.contains("25") ? "Java 25" : "Java 17";
    }
}
