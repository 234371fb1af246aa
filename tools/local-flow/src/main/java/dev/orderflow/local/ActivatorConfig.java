package dev.orderflow.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local broker's activator settings ({@code orderflow.broker.activator.*}): scale to zero, the idle window, where
 * pids and logs go, and the command and directory of each function, by Knative Service name. The broker splits a
 * command on spaces, so no word of one may hold a space.
 */
public final class ActivatorConfig {

    /** How the activator starts one function. */
    public record Start(List<String> command, Path directory) {
    }

    private ActivatorConfig() {
    }

    public static Map<String, String> properties(Duration idleWindow, Path pidDir, Path logDir,
            Map<String, Start> functions) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("orderflow.broker.activator.enabled", "true");
        properties.put("orderflow.broker.activator.idle-window", idleWindow.toString());
        properties.put("orderflow.broker.activator.pid-dir", pidDir.toString());
        properties.put("orderflow.broker.activator.log-dir", logDir.toString());
        functions.forEach((name, start) -> {
            start.command().stream().filter(word -> word.contains(" ")).findFirst().ifPresent(word -> {
                throw new IllegalArgumentException(name + ": '" + word + "' holds a space; the activator splits on them");
            });
            String prefix = "orderflow.broker.activator.services." + name;
            properties.put(prefix + ".command", String.join(" ", start.command()));
            properties.put(prefix + ".directory", start.directory().toString());
        });
        return properties;
    }
}
