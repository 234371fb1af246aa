package dev.orderflow.broker.dispatch;

import java.time.Duration;

/** Runs an action later: the next attempt of a delivery, or of storing a reply or a dead letter. */
@FunctionalInterface
public interface Scheduler {

    void schedule(Duration delay, Runnable action);
}
