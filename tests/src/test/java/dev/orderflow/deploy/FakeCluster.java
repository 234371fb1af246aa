package dev.orderflow.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The kn and kubectl stand-ins of {@code src/test/resources/fake-cluster}, installed in a directory to put first on
 * a PATH: they refuse what kn 1.23 does not have and files that do not exist, and record every call in
 * {@link #log()} (the {@code FAKE_CLUSTER_LOG} of the processes that use them).
 */
public record FakeCluster(Path bin, Path log) {

    private static final List<String> FILES = List.of("fake-cluster/kn", "fake-cluster/kubectl",
            "fake-cluster/PortForward.java", "kn-1.23-flags.txt");

    public static FakeCluster install(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("fake-cluster"));
        for (String file : FILES) {
            Path target = bin.resolve(Path.of(file).getFileName());
            try (InputStream in = FakeCluster.class.getResourceAsStream("/" + file)) {
                Files.copy(in, target);
            }
            target.toFile().setExecutable(true);
        }
        return new FakeCluster(bin, Files.createFile(dir.resolve("fake-cluster.log")));
    }

    /** The stand-ins first on the PATH of {@code builder}, recording into {@link #log()}. */
    public ProcessBuilder onPath(ProcessBuilder builder) {
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("FAKE_CLUSTER_LOG", log.toString());
        return builder;
    }

    public String calls() throws IOException {
        return Files.readString(log);
    }
}
