package dev.orderflow.http;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Reply ids derived from the event they answer, so that a redelivered event yields the very same reply and
 * duplicates can be recognised downstream by {@code source} + {@code id}.
 */
public final class EventIds {

    private EventIds() {
    }

    public static String derive(String inputSource, String inputId, String outputType) {
        String name = inputSource + '\n' + inputId + '\n' + outputType;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A short stable token for ids a dependency would issue (authorization, reservation, tracking). */
    public static String shortHash(String... parts) {
        String name = String.join("\n", parts);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString().substring(0, 12);
    }
}
