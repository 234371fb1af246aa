package dev.orderflow.manifest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * An HTTP Retry-After value (RFC 9110, section 10.2.3): delay-seconds or an HTTP-date. What does not parse, is
 * negative or lies in the past asks for no wait at all, as Knative reads it.
 */
final class RetryAfter {

    private RetryAfter() {
    }

    static Duration parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return Duration.ZERO;
        }
        String trimmed = value.strip();
        try {
            long seconds = Long.parseLong(trimmed);
            return seconds > 0 ? Duration.ofSeconds(seconds) : Duration.ZERO;
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(now, ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException notADate) {
                return Duration.ZERO;
            }
        }
    }
}
