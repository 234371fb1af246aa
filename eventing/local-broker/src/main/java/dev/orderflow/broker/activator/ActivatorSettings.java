package dev.orderflow.broker.activator;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Scale to zero on one machine, from {@code orderflow.broker.activator.*}: which command starts each Knative
 * Service's process, how long an idle one keeps running, and where its pid and log go.
 */
@ConfigMapping(prefix = "orderflow.broker.activator")
public interface ActivatorSettings {

    /** Off: the functions run on their own. On: the broker starts each on its first event and stops it when idle. */
    @WithDefault("false")
    boolean enabled();

    /** How long a function stays up after its last delivery (Knative's scale-to-zero grace period is 30 s). */
    @WithDefault("PT30S")
    Duration idleWindow();

    /** How long a cold start may take before the delivery counts as failed (and is retried). */
    @WithDefault("PT60S")
    Duration readyTimeout();

    /** Where the functions' pid files go, so that scripts/run.sh can report and stop them. */
    Optional<String> pidDir();

    /** Where the functions' logs go. */
    Optional<String> logDir();

    /** The process of each Knative Service, by service name. */
    Map<String, Service> services();

    interface Service {

        /** The command line, words separated by spaces (no shell). */
        String command();

        /** The working directory (a startup archive holds the class path as the JVM saw it). */
        Optional<String> directory();
    }
}
