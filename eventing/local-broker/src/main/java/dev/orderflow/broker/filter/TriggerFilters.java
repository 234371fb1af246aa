package dev.orderflow.broker.filter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudevents.sql.Parser;

import dev.orderflow.manifest.TriggerResource;

/** The {@link EventFilter} of a Trigger whose manifest passed its checks (dev.orderflow.manifest.ManifestRules). */
public final class TriggerFilters {

    private TriggerFilters() {
    }

    /** {@code spec.filters} when it has any (it wins, as in Knative), else {@code spec.filter.attributes}. */
    public static EventFilter of(TriggerResource trigger) {
        if (!trigger.filters().isEmpty()) {
            return new EventFilter.All(list(trigger.filters()));
        }
        if (!trigger.attributes().isEmpty()) {
            return new EventFilter.Attributes(trigger.attributes());
        }
        return EventFilter.ANY_EVENT;
    }

    private static List<EventFilter> list(Iterable<JsonNode> filters) {
        List<EventFilter> list = new ArrayList<>();
        filters.forEach(f -> list.add(dialect(f)));
        return List.copyOf(list);
    }

    private static EventFilter dialect(JsonNode filter) {
        String dialect = filter.fieldNames().next();
        JsonNode value = filter.path(dialect);
        return switch (dialect) {
            case "exact" -> new EventFilter.Exact(stringMap(value));
            case "prefix" -> new EventFilter.Prefix(stringMap(value));
            case "suffix" -> new EventFilter.Suffix(stringMap(value));
            case "all" -> new EventFilter.All(list(value));
            case "any" -> new EventFilter.Any(list(value));
            case "not" -> new EventFilter.Not(dialect(value));
            case "cesql" -> new EventFilter.Cesql(value.asText(), Parser.parseDefault(value.asText()));
            default -> throw new IllegalStateException("unchecked filter dialect " + dialect);
        };
    }

    private static Map<String, String> stringMap(JsonNode object) {
        Map<String, String> map = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return Map.copyOf(map);
    }
}
