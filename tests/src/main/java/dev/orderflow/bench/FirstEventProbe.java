package dev.orderflow.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.orderflow.harness.ManagedProcess;

/**
 * Launch to first answered event: the clock starts just before the process is started, then a valid binary-mode
 * event is posted every few milliseconds until one is answered 200. A refused connection costs microseconds, so the
 * figure is the process's start plus at most one poll interval.
 */
final class FirstEventProbe {

    static final long POLL_INTERVAL_MS = 5;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();

    /** Starts {@code process} and returns the milliseconds until it answered {@code sample} with 200. */
    double launchToFirst200(ManagedProcess process, int port, Samples.Sample sample, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(sample.json()));
        Samples.headers(sample, "first-event").forEach(request::header);
        HttpRequest post = request.build();
        long started = System.nanoTime();
        process.start();
        long deadline = started + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(post, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.nanoTime() - started) / 1e6;
                }
            } catch (IOException notListeningYet) {
                // connection refused or reset while the server starts: poll again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(process.name() + " exited before it answered: " + process.tail());
            }
            pause();
        }
        throw new IllegalStateException(process.name() + " answered no event with 200 within " + timeout + ": "
                + process.tail());
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
