package dev.orderflow.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository and its packaged jars are, and free ports for the processes a test starts. */
public final class Project {

    public static final Path ROOT = Path.of(System.getProperty("orderflow.root", "..")).toAbsolutePath().normalize();
    public static final Path MANIFESTS = ROOT.resolve("eventing");
    public static final Path BROKER_JAR = ROOT.resolve("eventing/local-broker/target/quarkus-app/quarkus-run.jar");
    public static final Path WORK = ROOT.resolve("tests/target/e2e");

    private Project() {
    }

    public static Path functionJar(String function) {
        return ROOT.resolve("functions/" + function + "/target/quarkus-app/quarkus-run.jar");
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh directory under tests/target/e2e for one scenario's logs and data. */
    public static Path workDir(String name) {
        try {
            Path dir = WORK.resolve(name + "-" + System.currentTimeMillis());
            Files.createDirectories(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The java launcher of the JVM running the tests. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
