package dev.orderflow.manifest;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Knative Eventing's webhook on a Trigger and a Broker, and on the delivery and destinations they name
 * (knative/eventing pkg/apis/eventing/v1/trigger_validation.go, broker_validation.go, pkg/apis/duck/v1/delivery_types.go).
 */
final class EventingRules {

    private static final Set<String> BACKOFF_POLICIES = Set.of("linear", "exponential");

    private EventingRules() {
    }

    static void checkTrigger(Manifest manifest, JsonNode spec, Checker c) {
        boolean hasBroker = spec.path("broker").isTextual() && !spec.path("broker").asText().isBlank();
        if (!hasBroker && !spec.has("brokerRef")) {
            c.add("spec.broker", "required");
        }
        if (!spec.has("subscriber")) {
            c.add("spec.subscriber", "required");
        } else {
            checkDestination(spec.path("subscriber"), "spec.subscriber", c);
        }
        JsonNode attributes = spec.path("filter").path("attributes");
        if (!attributes.isMissingNode()) {
            FilterRules.checkAttributeMap(attributes, "spec.filter.attributes", false, c);
        }
        JsonNode filters = spec.path("filters");
        if (!filters.isMissingNode()) {
            FilterRules.checkFilterList(filters, "spec.filters", c);
        }
        if (spec.has("delivery")) {
            checkDelivery(spec.path("delivery"), "spec.delivery", c);
        }
        String order = manifest.annotation(ManifestRules.DELIVERY_ORDER_ANNOTATION);
        if (order != null && !order.equals("ordered") && !order.equals("unordered")) {
            c.add("metadata.annotations." + ManifestRules.DELIVERY_ORDER_ANNOTATION, "must be ordered or unordered, not '" + order + "'");
        }
    }

    /** The v1beta2 webhook requires only the type; every field of the spec is immutable once created. */
    static void checkEventType(JsonNode spec, Checker c) {
        if (!spec.path("type").isTextual() || spec.path("type").asText().isEmpty()) {
            c.add("spec.type", "required");
        }
    }

    static void checkBroker(JsonNode spec, Checker c) {
        JsonNode config = spec.path("config");
        if (!config.isMissingNode()) {
            if (!config.path("name").isTextual() || config.path("name").asText().isBlank()) {
                c.add("spec.config.name", "required");
            }
            if (!"ConfigMap".equals(config.path("kind").asText())) {
                c.add("spec.config.kind", "must be ConfigMap for a Kafka broker");
            }
        }
        if (spec.has("delivery")) {
            checkDelivery(spec.path("delivery"), "spec.delivery", c);
        }
    }

    static void checkDelivery(JsonNode delivery, String path, Checker c) {
        JsonNode retry = delivery.path("retry");
        if (!retry.isMissingNode() && (!retry.isIntegralNumber() || retry.asInt() < 0)) {
            c.add(path + ".retry", "must be an integer of at least 0");
        }
        JsonNode policy = delivery.path("backoffPolicy");
        if (!policy.isMissingNode() && !(policy.isTextual() && BACKOFF_POLICIES.contains(policy.asText()))) {
            c.add(path + ".backoffPolicy", "must be linear or exponential, not '" + policy.asText() + "'");
        }
        checkDuration(delivery.path("backoffDelay"), path + ".backoffDelay", false, c);
        checkDuration(delivery.path("timeout"), path + ".timeout", true, c);
        checkDuration(delivery.path("retryAfterMax"), path + ".retryAfterMax", false, c);
        // DeliverySpec.Validate (pkg/apis/duck/v1/delivery_types.go): both fields are behind feature flags.
        if (delivery.has("timeout") && !c.features().deliveryTimeout()) {
            c.add(path, "must not set the field(s): timeout (feature delivery-timeout is disabled)");
        }
        if (delivery.has("retryAfterMax") && !c.features().deliveryRetryAfter()) {
            c.add(path, "must not set the field(s): retryAfterMax (feature delivery-retryafter is disabled)");
        }
        if (delivery.has("deadLetterSink")) {
            checkDestination(delivery.path("deadLetterSink"), path + ".deadLetterSink", c);
        }
    }

    private static void checkDestination(JsonNode destination, String path, Checker c) {
        JsonNode ref = destination.path("ref");
        JsonNode uri = destination.path("uri");
        if (ref.isMissingNode() && uri.isMissingNode()) {
            c.add(path, "needs ref or uri");
            return;
        }
        if (!ref.isMissingNode()) {
            for (String field : List.of("apiVersion", "kind", "name")) {
                if (ref.path(field).asText("").isBlank()) {
                    c.add(path + ".ref." + field, "required");
                }
            }
        }
        if (!uri.isMissingNode() && uri.asText("").isBlank()) {
            c.add(path + ".uri", "must not be empty");
        }
    }

    private static void checkDuration(JsonNode value, String path, boolean positive, Checker c) {
        if (value.isMissingNode()) {
            return;
        }
        Duration duration = ManifestRules.parseDuration(value.asText());
        if (!value.isTextual() || duration == null) {
            c.add(path, "must be an ISO-8601 duration such as PT0.5S, not '" + value.asText() + "'");
        } else if (duration.isNegative() || (positive && duration.isZero())) {
            c.add(path, positive ? "must be greater than 0" : "must not be negative");
        }
    }
}
