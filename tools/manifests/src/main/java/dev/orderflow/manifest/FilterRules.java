package dev.orderflow.manifest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.cloudevents.sql.ParseException;
import io.cloudevents.sql.Parser;

/**
 * A Trigger's filters as Knative Eventing's webhook checks them: {@code spec.filter.attributes} and the
 * {@code spec.filters} dialects (pkg/apis/eventing/v1/trigger_validation.go, ValidateSubscriptionAPIFiltersList).
 */
final class FilterRules {

    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("^[a-z][a-z0-9]*$");
    private static final Set<String> DIALECTS = Set.of("exact", "prefix", "suffix", "all", "any", "not", "cesql");

    private FilterRules() {
    }

    static void checkFilterList(JsonNode filters, String path, Checker c) {
        if (!filters.isArray()) {
            c.add(path, "must be a list of filters");
            return;
        }
        for (int i = 0; i < filters.size(); i++) {
            checkFilter(filters.get(i), path + "[" + i + "]", c);
        }
    }

    private static void checkFilter(JsonNode filter, String path, Checker c) {
        List<String> dialects = new ArrayList<>();
        filter.fieldNames().forEachRemaining(name -> {
            if (DIALECTS.contains(name)) {
                dialects.add(name);
            } else {
                c.add(path + "." + name, "is not a filter dialect (exact, prefix, suffix, all, any, not, cesql)");
            }
        });
        if (dialects.size() != 1) {
            c.add(path, "must set exactly one filter dialect, found " + (dialects.isEmpty() ? "none" : dialects));
            return;
        }
        String dialect = dialects.get(0);
        JsonNode value = filter.path(dialect);
        switch (dialect) {
            case "exact" -> checkSingleAttribute(value, path + ".exact", false, c);
            case "prefix", "suffix" -> checkSingleAttribute(value, path + "." + dialect, true, c);
            case "all", "any" -> checkFilterList(value, path + "." + dialect, c);
            case "not" -> checkFilter(value, path + ".not", c);
            case "cesql" -> checkCesql(value, path + ".cesql", c);
            default -> throw new IllegalStateException(dialect);
        }
    }

    private static void checkCesql(JsonNode value, String path, Checker c) {
        if (!value.isTextual() || value.asText().isBlank()) {
            c.add(path, "must be a CESQL expression");
            return;
        }
        try {
            Parser.parseDefault(value.asText());
        } catch (ParseException e) {
            c.add(path, "does not parse: " + e.getMessage());
        } catch (RuntimeException e) {
            // cloudevents-sql 4.0.1 throws a NullPointerException, not a ParseException, on an extraneous or
            // unterminated token (e.g. "type == 'a'"): still a manifest problem, not a crash of the loader.
            c.add(path, "does not parse");
        }
    }

    /** exact, prefix and suffix name one attribute each (ValidateSingleAttributeMap). */
    private static void checkSingleAttribute(JsonNode attributes, String path, boolean nonEmptyValues, Checker c) {
        if (attributes.isObject() && attributes.size() > 1) {
            c.add(path, "must have exactly one attribute, found " + attributes.size());
        }
        checkAttributeMap(attributes, path, nonEmptyValues, c);
    }

    static void checkAttributeMap(JsonNode attributes, String path, boolean nonEmptyValues, Checker c) {
        // An empty map is accepted, as the webhook accepts it: it matches every event.
        if (!attributes.isObject()) {
            c.add(path, "must map attribute names to values");
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!ATTRIBUTE_NAME.matcher(e.getKey()).matches()) {
                c.add(path + "." + e.getKey(), "is not a valid attribute name (lowercase letters and digits, "
                        + "starting with a letter)");
            }
            if (!e.getValue().isTextual()) {
                c.add(path + "." + e.getKey(), "must be a string (quote it), not "
                        + e.getValue().getNodeType().name().toLowerCase());
            } else if (nonEmptyValues && e.getValue().asText().isEmpty()) {
                c.add(path + "." + e.getKey(), "must not be empty");
            }
        }
    }
}
