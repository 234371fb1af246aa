package dev.orderflow.broker.activator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Whether a function the activator started is ready: its {@code /q/health/ready} answers 200, asked once its port
 * accepts connections. Until then each probe is a refused connect, which costs the broker microseconds where a
 * request through the JDK's HTTP client costs it far more CPU, taken from the function starting on the same cores.
 */
final class ReadinessProbe {

    // HTTP/1.1, as the broker delivers: the JDK client's default would offer every new connection an upgrade to
    // HTTP/2 (h2c), which a function that has just started answers with codecs it has never run.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(500)).build();

    boolean ready(URI address) {
        return listening(address) && healthy(address);
    }

    private static boolean listening(URI address) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.getHost(), address.getPort()), 500);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private boolean healthy(URI address) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(address.resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
