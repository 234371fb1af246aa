package dev.orderflow.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/** Where the repository and its packaged jars are, and free ports for the processes a test starts. */
public final class Project {

    public static final Path ROOT = Path.of(System.getProperty("orderflow.root", "..")).toAbsolutePath().normalize();
    public static final Path MANIFESTS = ROOT.resolve("eventing");
    public static final Path BROKER_JAR = ROOT.resolve("eventing/local-broker/target/quarkus-app/quarkus-run.jar");
    public static final Path WORK = ROOT.resolve("tests/target/e2e");

    /** Above the local flow's fixed ports (8080 on, Kafka's 9092 and 9093, Prometheus's 9090). */
    private static final int FIRST_PORT = 20000;
    private static final int EPHEMERAL_START = ephemeralStart();
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final Random RANDOM = new Random();

    private Project() {
    }

    public static Path functionJar(String function) {
        return ROOT.resolve("functions/" + function + "/target/quarkus-app/quarkus-run.jar");
    }

    /**
     * A port free now, for a process the caller starts next. It is drawn below the kernel's ephemeral range, so no
     * outgoing connection of this or any other process can take it before that process binds it (a port the kernel
     * hands out for {@code bind(0)} can be, and once was); this JVM never hands the same port out twice.
     */
    public static synchronized int freePort() {
        int end = EPHEMERAL_START;
        for (int tries = 0; end > FIRST_PORT && tries < 1000; tries++) {
            int port = FIRST_PORT + RANDOM.nextInt(end - FIRST_PORT);
            if (HANDED_OUT.add(port) && bindable(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            HANDED_OUT.add(socket.getLocalPort());
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /**
     * The first port of the kernel's range for outgoing connections, Linux's default when it cannot be read.
     * ({@code Files.readString} returns only the first byte of this sysctl file, on Java 17 and 25; a line reader
     * reads it whole.)
     */
    private static int ephemeralStart() {
        try {
            return Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0)
                    .trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException unknown) {
            return 32768;
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
