package dev.orderflow.bench;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.orderflow.harness.ManagedProcess;
import dev.orderflow.harness.Project;

/**
 * A baseline server ({@link MinimalServer} or {@link RawServer}) in a JVM of its own, started like a function (same
 * options, no archive) on a free port. Its class path holds only the bench's classes, Vert.x core, Netty and
 * Jackson core: a long class path would slow its start down and raise the floor it stands for.
 */
final class BaselineServer {

    private static final List<String> JARS = List.of("vertx-core-", "netty-", "jackson-core-");

    private final int port = Project.freePort();
    private final ManagedProcess process;

    BaselineServer(Class<?> main, Path java, Path log) {
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(Jvm.FUNCTION_OPTIONS);
        command.addAll(List.of("-cp", classpath(), main.getName(), String.valueOf(port)));
        this.process = new ManagedProcess(main.getSimpleName(), command, Map.of(), log);
    }

    ManagedProcess process() {
        return process;
    }

    int port() {
        return port;
    }

    static String classpath() {
        String bench;
        try {
            bench = Path.of(BaselineServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot tell where the bench classes are", e);
        }
        String jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> JARS.stream().anyMatch(prefix -> Path.of(entry).getFileName().toString().startsWith(prefix)))
                .collect(Collectors.joining(File.pathSeparator));
        return bench + File.pathSeparator + jars;
    }
}
