package dev.orderflow.manifest;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Knative Serving's webhook on a Service: autoscaling annotations belong to the revision template and have valid
 * values, containerConcurrency is within the cluster's limit, one container with an image (pkg/apis/autoscaling,
 * pkg/apis/serving/v1/revision_validation.go).
 */
final class ServingRules {

    private static final String AUTOSCALING = "autoscaling.knative.dev/";
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final List<String> METRICS = List.of("concurrency", "rps", "cpu", "memory");
    /** config-defaults' container-concurrency-max-limit. */
    private static final int MAX_CONTAINER_CONCURRENCY = 1000;

    private ServingRules() {
    }

    static void checkService(JsonNode service, JsonNode spec, Checker c) {
        service.path("metadata").path("annotations").fieldNames().forEachRemaining(name -> {
            if (name.startsWith(AUTOSCALING)) {
                c.add("metadata.annotations." + name, "is per revision: put it in spec.template.metadata.annotations");
            }
        });
        JsonNode annotations = spec.path("template").path("metadata").path("annotations");
        String path = "spec.template.metadata.annotations." + AUTOSCALING;
        Integer min = scaleBound(annotations, "min-scale", path, c);
        Integer max = scaleBound(annotations, "max-scale", path, c);
        Integer initial = scaleBound(annotations, "initial-scale", path, c);
        if (min != null && max != null && max > 0 && min > max) {
            c.add(path + "min-scale", "must not exceed max-scale (" + max + ")");
        }
        if (initial != null && initial == 0) {
            c.add(path + "initial-scale", "0 needs allow-zero-initial-scale in the cluster-wide config-autoscaler");
        }
        String target = annotations.path(AUTOSCALING + "target").asText(null);
        if (target != null && !isNumberAtLeast(target, 0.01)) {
            c.add(path + "target", "must be a number of at least 0.01, not '" + target + "'");
        }
        String utilization = annotations.path(AUTOSCALING + "target-utilization-percentage").asText(null);
        if (utilization != null && (!isNumberAtLeast(utilization, 1) || Double.parseDouble(utilization) > 100)) {
            c.add(path + "target-utilization-percentage", "must be a number from 1 to 100, not '" + utilization + "'");
        }
        String metric = annotations.path(AUTOSCALING + "metric").asText(null);
        if (metric != null && !METRICS.contains(metric)) {
            c.add(path + "metric", "must be one of " + METRICS + ", not '" + metric + "'");
        }
        checkAutoscalingDuration(annotations, "scale-down-delay", Duration.ZERO, Duration.ofHours(1), path, c);
        checkAutoscalingDuration(annotations, "window", Duration.ofSeconds(6), Duration.ofHours(1), path, c);
        JsonNode concurrency = spec.path("template").path("spec").path("containerConcurrency");
        if (!concurrency.isMissingNode() && (!concurrency.isIntegralNumber() || concurrency.asInt() < 0
                || concurrency.asInt() > MAX_CONTAINER_CONCURRENCY)) {
            c.add("spec.template.spec.containerConcurrency", "must be an integer from 0 to " + MAX_CONTAINER_CONCURRENCY);
        }
        JsonNode containers = spec.path("template").path("spec").path("containers");
        // Knative allows several containers when exactly one has a port; the functions are single-container.
        if (!containers.isArray() || containers.size() != 1) {
            c.add("spec.template.spec.containers", "must hold exactly one container");
        } else if (containers.get(0).path("image").asText("").isBlank()) {
            c.add("spec.template.spec.containers[0].image", "required");
        }
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            JsonNode port = containers.path(0).path(probe).path("httpGet").path("port");
            if (port.isNull()) {
                // Quarkus Kubernetes writes it so (quarkusio/quarkus#32347); the API server prunes it, a reader trips.
                c.add("spec.template.spec.containers[0]." + probe + ".httpGet.port", "null: leave it out, Knative "
                        + "probes the container's port");
            }
        }
    }

    /** A Go duration in whole seconds within bounds, as the autoscaler's annotation validation wants it. */
    private static void checkAutoscalingDuration(JsonNode annotations, String name, Duration least, Duration most,
            String path, Checker c) {
        String value = annotations.path(AUTOSCALING + name).asText(null);
        if (value == null) {
            return;
        }
        Duration duration = parseGoDuration(value);
        if (duration == null) {
            c.add(path + name, "must be a duration such as 30s or 1m30s, not '" + value + "'");
        } else if (duration.compareTo(least) < 0 || duration.compareTo(most) > 0 || duration.toNanos() % 1_000_000_000 != 0) {
            c.add(path + name, "must be whole seconds from " + least.toSeconds() + "s to " + most.toSeconds() + "s, not '"
                    + value + "'");
        }
    }

    /** A Go duration ({@code 30s}, {@code 1m30s}, {@code 0}); {@code null} when it does not parse. */
    static Duration parseGoDuration(String value) {
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher part = GO_DURATION_PART.matcher(value);
        long nanos = 0;
        int end = 0;
        while (part.find() && part.start() == end) {
            double amount = Double.parseDouble(part.group(1));
            long unit = switch (part.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos += Math.round(amount * unit);
            end = part.end();
        }
        return end == value.length() && end > 0 ? Duration.ofNanos(nanos) : null;
    }

    private static Integer scaleBound(JsonNode annotations, String name, String path, Checker c) {
        JsonNode value = annotations.path(AUTOSCALING + name);
        if (value.isMissingNode()) {
            return null;
        }
        try {
            int bound = Integer.parseInt(value.asText());
            if (bound >= 0) {
                return bound;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        c.add(path + name, "must be an integer of at least 0, not '" + value.asText() + "'");
        return null;
    }

    private static boolean isNumberAtLeast(String value, double least) {
        try {
            return Double.parseDouble(value) >= least;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
