package dev.orderflow.broker.filter;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.jboss.logging.Logger;

import io.cloudevents.CloudEvent;
import io.cloudevents.sql.Expression;
import io.cloudevents.sql.Result;

/**
 * A Trigger's filter, with the semantics of Knative's {@code spec.filter} and {@code spec.filters}
 * (knative/eventing pkg/eventfilter): attribute names are case-sensitive context attributes or extensions, an
 * attribute that is missing never matches exact, prefix or suffix, and a list of filters matches when all do.
 */
public sealed interface EventFilter extends Predicate<CloudEvent> {

    /** Matches every event. */
    EventFilter ANY_EVENT = new All(List.of());

    /** {@code spec.filter.attributes}: each attribute equals its value; an empty value matches any value. */
    record Attributes(Map<String, String> attributes) implements EventFilter {
        @Override
        public boolean test(CloudEvent event) {
            for (Map.Entry<String, String> e : attributes.entrySet()) {
                if (e.getValue().isEmpty()) {
                    continue;
                }
                if (!e.getValue().equals(attribute(event, e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code exact}: every attribute named equals its value. */
    record Exact(Map<String, String> attributes) implements EventFilter {
        @Override
        public boolean test(CloudEvent event) {
            return attributes.entrySet().stream().allMatch(e -> e.getValue().equals(attribute(event, e.getKey())));
        }
    }

    /** {@code prefix}: every attribute named starts with its value. */
    record Prefix(Map<String, String> attributes) implements EventFilter {
        @Override
        public boolean test(CloudEvent event) {
            return attributes.entrySet().stream().allMatch(e -> {
                String value = attribute(event, e.getKey());
                return value != null && value.startsWith(e.getValue());
            });
        }
    }

    /** {@code suffix}: every attribute named ends with its value. */
    record Suffix(Map<String, String> attributes) implements EventFilter {
        @Override
        public boolean test(CloudEvent event) {
            return attributes.entrySet().stream().allMatch(e -> {
                String value = attribute(event, e.getKey());
                return value != null && value.endsWith(e.getValue());
            });
        }
    }

    /** {@code all} (and the top-level {@code filters} list): every filter matches. */
    record All(List<EventFilter> filters) implements EventFilter {
        @Override
        public boolean test(CloudEvent event) {
            return filters.stream().allMatch(f -> f.test(event));
        }
    }

    /** {@code any}: at least one filter matches. */
    record Any(List<EventFilter> filters) implements EventFilter {
        @Override
        public boolean test(CloudEvent event) {
            return filters.stream().anyMatch(f -> f.test(event));
        }
    }

    /** {@code not}: the filter does not match. */
    record Not(EventFilter filter) implements EventFilter {
        @Override
        public boolean test(CloudEvent event) {
            return !filter.test(event);
        }
    }

    /** {@code cesql}: the CloudEvents SQL expression evaluates to true; an evaluation error does not match. */
    record Cesql(String source, Expression expression) implements EventFilter {
        private static final Logger LOG = Logger.getLogger(Cesql.class);

        @Override
        public boolean test(CloudEvent event) {
            Result result = expression.evaluate(event);
            if (result.isFailed()) {
                LOG.debugf("cesql=\"%s\" event=%s errors=%s", source, event.getId(), result.causes());
                return false;
            }
            // The Kafka broker casts the result to a boolean, so the string 'true' matches too.
            Object value = result.value();
            return Boolean.TRUE.equals(value) || (value instanceof String text && text.equalsIgnoreCase("true"));
        }
    }

    /** The string form of a context attribute or extension, as a filter compares it; {@code null} when absent. */
    static String attribute(CloudEvent event, String name) {
        Object value = event.getSpecVersion().getAllAttributes().contains(name)
                ? event.getAttribute(name)
                : event.getExtension(name);
        if (value instanceof OffsetDateTime time) {
            // As the Kafka broker's data plane renders it: UTC, ISO-8601 instant.
            return DateTimeFormatter.ISO_INSTANT.format(time);
        }
        return value == null ? null : value.toString();
    }
}
