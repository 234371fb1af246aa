package dev.orderflow.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a Quarkus application's JVM starts: which JVM, options, application directory and startup archive. The archive
 * (a Java 25 AOT cache or a Java 17 AppCDS archive) is recorded by a training run ({@link #training()}) and used by
 * the next starts ({@link #command}); both run from the application's directory, since an archive holds the class path
 * as the JVM saw it.
 */
public record Launch(String name, Path java, List<String> options, Path app, Path archive) {

    public static final String RUN_JAR = "quarkus-run.jar";

    public Launch {
        options = List.copyOf(options);
    }

    /** The application as built, on this JVM, without an archive. */
    public static Launch plain(Path app) {
        Path java = Jvms.current();
        return new Launch("aot-jar, Java " + feature(java) + ", no archive", java, List.of(), app, null);
    }

    /**
     * Quarkus's default packaging, the fast-jar, built by {@code scripts/run.sh bench} with
     * {@code -Dquarkus.package.output-directory=fast-jar}: the application straight in that directory.
     */
    public static Launch fastJar(Path app) {
        return new Launch("fast-jar, Java " + feature(Jvms.current()) + ", no archive", Jvms.current(), List.of(), app,
                null);
    }

    /** This JVM with the AppCDS archive {@code archive} in {@code app}. */
    public static Launch appCds(Path app, String archive) {
        return new Launch("aot-jar, Java " + feature(Jvms.current()) + ", AppCDS", Jvms.current(), List.of(), app,
                app.resolve(archive));
    }

    /** Java 25 with the AOT cache {@code archive} in {@code app}; empty when no Java 25 is found. */
    public static Optional<Launch> aotCache(Path app, String archive) {
        return Jvms.java25().map(java -> new Launch("aot-jar, Java 25, AOT cache", java, List.of(), app,
                app.resolve(archive)));
    }

    public Launch withOptions(List<String> extra) {
        List<String> all = new ArrayList<>(options);
        all.addAll(extra);
        return new Launch(name, java, all, app, archive);
    }

    public Launch withoutArchive(String why) {
        return new Launch(name + ", " + why, java, options, app, null);
    }

    public boolean available() {
        return Files.exists(app.resolve(RUN_JAR)) && Files.isExecutable(java);
    }

    public boolean aot() {
        return archive != null && archive.getFileName().toString().endsWith(".aot");
    }

    /** An archive is only valid for the jars it was made from: missing or older than the jar means stale. */
    public boolean archiveFresh() {
        try {
            return archive == null || Files.exists(archive)
                    && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(app.resolve(RUN_JAR))) > 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** The command that records the archive: start, take the workload, and write it on a clean exit. */
    public List<String> training(List<String> extra) {
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(options);
        command.add(aot() ? "-XX:AOTCacheOutput=" + archive.getFileName()
                : "-XX:ArchiveClassesAtExit=" + archive.getFileName());
        command.addAll(extra);
        command.addAll(List.of("-jar", RUN_JAR));
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
        command.addAll(List.of("-jar", RUN_JAR));
        return command;
    }

    /** The feature release of a launcher (17, 25) from its JDK's release file; its path when it has none. */
    static String feature(Path java) {
        Path release = java.toAbsolutePath().getParent().getParent().resolve("release");
        try {
            for (String line : Files.readAllLines(release)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return line.substring("JAVA_VERSION=".length()).replace("\"", "").split("[.+-]")[0];
                }
            }
        } catch (java.io.IOException e) {
            // below
        }
        return java.toString();
    }
}
