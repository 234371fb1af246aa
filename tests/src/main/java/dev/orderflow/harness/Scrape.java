package dev.orderflow.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** A component's {@code /q/metrics} as Prometheus scrapes it, read one series at a time. */
public final class Scrape {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String text;

    private Scrape(String text) {
        this.text = text;
    }

    /** Scrapes the component that listens at {@code anyUrl}'s scheme, host and port. */
    public static Scrape of(String anyUrl) {
        URI uri = URI.create(anyUrl).resolve("/q/metrics");
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + response.statusCode());
            }
            return new Scrape(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of {@code series} (name and labels, as the exposition writes them); 0 before it was first written. */
    public double sample(String series) {
        return line(series).map(line -> Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]))
                .orElse(0.0);
    }

    /** The first line of a series whose name and labels start with {@code prefix}. */
    public Optional<String> line(String prefix) {
        return text.lines().filter(line -> line.startsWith(prefix)).findFirst();
    }

    public String text() {
        return text;
    }
}
