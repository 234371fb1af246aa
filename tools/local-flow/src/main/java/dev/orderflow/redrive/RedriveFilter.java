package dev.orderflow.redrive;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cloudevents.CloudEvent;

/**
 * Which dead letters to redrive: by type and by subject (any of those given; none given, any), and by when they were
 * dead-lettered ({@code since} inclusive, {@code until} exclusive; {@code null}, unbounded).
 */
record RedriveFilter(Set<String> types, Set<String> subjects, Instant since, Instant until) {

    private static final Pattern AGO = Pattern.compile("(\\d+)([smhd])");

    static final RedriveFilter ALL = new RedriveFilter(Set.of(), Set.of(), null, null);

    RedriveFilter {
        types = Set.copyOf(types);
        subjects = Set.copyOf(subjects);
    }

    boolean test(CloudEvent event, Instant deadLetteredAt) {
        return (types.isEmpty() || types.contains(event.getType()))
                && (subjects.isEmpty() || subjects.contains(event.getSubject()))
                && (since == null || !deadLetteredAt.isBefore(since))
                && (until == null || deadLetteredAt.isBefore(until));
    }

    boolean selectsAll() {
        return equals(ALL);
    }

    /**
     * A point in time: an instant ({@code 2026-11-30T08:00:00Z}), or a time ago ({@code 90s}, {@code 10m}, {@code 2h},
     * {@code 1d}, or ISO-8601 {@code PT10M}).
     */
    static Instant time(String value, Instant now) {
        Matcher ago = AGO.matcher(value);
        if (ago.matches()) {
            long amount = Long.parseLong(ago.group(1));
            return now.minus(switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        try {
            return value.startsWith("P") ? now.minus(Duration.parse(value)) : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is neither an instant (2026-11-30T08:00:00Z) nor a time"
                    + " ago (10m, 2h, PT10M)");
        }
    }
}
