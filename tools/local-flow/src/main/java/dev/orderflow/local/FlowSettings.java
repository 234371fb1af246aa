package dev.orderflow.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The settings of {@code scripts/run.sh}'s local flow, from its environment (the usage text lists them): where runs
 * keep their pids, logs and Kafka data, how the functions start, and how long to wait.
 */
public record FlowSettings(Path runDir, Packaging packaging, Duration readyTimeout, Duration orderTimeout,
        Duration idleWindow, Optional<String> brokerUrl) {

    public static FlowSettings of(Path root, Map<String, String> env) {
        return new FlowSettings(
                Path.of(env.getOrDefault("ORDERFLOW_RUN_DIR", root.resolve(".run").toString())).toAbsolutePath(),
                Packaging.chosen(env.get("ORDERFLOW_PACKAGING")),
                Duration.ofSeconds(seconds(env, "ORDERFLOW_READY_TIMEOUT", 90)),
                Duration.ofSeconds(seconds(env, "ORDERFLOW_ORDER_TIMEOUT", 30)),
                Duration.ofSeconds(seconds(env, "ORDERFLOW_IDLE_SECONDS", 30)),
                Optional.ofNullable(env.get("ORDERFLOW_BROKER_URL")).filter(u -> !u.isBlank()));
    }

    private static long seconds(Map<String, String> env, String name, long byDefault) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return byDefault;
        }
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds > 0) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(name + " is a number of seconds greater than 0, not '" + value + "'");
    }

    /** Present while the functions run as containers (up --containers) rather than as JVMs. */
    public Path containersMode() {
        return runDir.resolve("containers");
    }

    /** Present while the flow sends its spans to Zipkin (up --observe). */
    public Path observeMode() {
        return runDir.resolve("observe");
    }
}
