package dev.orderflow.broker.dispatch;

import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;

import dev.orderflow.events.Extensions;

/**
 * A dead letter as the Knative Kafka broker writes it: the event with where it failed ({@code knativeerrordest}), the
 * last status ({@code knativeerrorcode}), the start of the response body ({@code knativeerrordata}, base64) and every
 * {@code Kne-<name>} response header as extension {@code <name>}.
 */
final class DeadLetters {

    private static final int MAX_ERROR_DATA = 1024;
    private static final String KNE_PREFIX = "kne-";
    private static final Pattern EXTENSION_NAME = Pattern.compile("[a-z0-9]+");

    private DeadLetters() {
    }

    /** {@code response} is the last one, or {@code null} when the last attempt got none. */
    static CloudEvent of(CloudEvent event, String destination, EventSender.Response response) {
        CloudEventBuilder builder = CloudEventBuilder.from(event).withExtension(Extensions.KNATIVE_ERROR_DEST, destination);
        if (response == null) {
            return builder.build();
        }
        byte[] body = response.body();
        builder.withExtension(Extensions.KNATIVE_ERROR_CODE, String.valueOf(response.status()))
                .withExtension(Extensions.KNATIVE_ERROR_DATA,
                        Base64.getEncoder().encodeToString(Arrays.copyOf(body, Math.min(body.length, MAX_ERROR_DATA))));
        response.headers().forEach((name, value) -> {
            if (name.length() > KNE_PREFIX.length() && name.regionMatches(true, 0, KNE_PREFIX, 0, KNE_PREFIX.length())) {
                String extension = name.substring(KNE_PREFIX.length()).toLowerCase(Locale.ROOT);
                if (EXTENSION_NAME.matcher(extension).matches()) {
                    builder.withExtension(extension, value);
                }
            }
        });
        return builder.build();
    }
}
