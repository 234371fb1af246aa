package dev.orderflow.harness;

import java.io.IOException;
import java.time.Duration;

import org.awaitility.Awaitility;

import dev.orderflow.testing.Event;
import dev.orderflow.testing.Mode;

/** Posts events to a broker's ingress as a well-behaved producer does: until it answers 202, retrying otherwise. */
public final class Sender {

    private Sender() {
    }

    /** Posts {@code event}; retries connection failures and 5xx (a broker restarting) for up to a minute. */
    public static void post(String ingress, Event event, Mode mode) {
        Awaitility.await("202 for " + event.id()).atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsMatching(e -> e instanceof IOException || e.getCause() instanceof IOException)
                .until(() -> {
                    int status = event.request(mode).post(ingress).statusCode();
                    if (status >= 400 && status < 500) {
                        throw new AssertionError("the broker refused " + event.id() + " with " + status);
                    }
                    return status == 202;
                });
    }
}
