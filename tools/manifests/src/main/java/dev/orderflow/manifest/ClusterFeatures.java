package dev.orderflow.manifest;

import java.util.Map;

/**
 * The Knative Eventing feature flags (ConfigMap {@code config-features} in {@code knative-eventing}) that decide
 * whether its webhook admits a manifest. {@link #DEFAULTS} is a default install of Eventing 1.22
 * (pkg/apis/feature/features.go): the manifests a deploy applies by default must pass with these.
 *
 * @param authenticationOidc {@code authentication-oidc}: EventPolicies are refused without it
 * @param deliveryTimeout {@code delivery-timeout}: a delivery's {@code timeout} is refused without it
 * @param deliveryRetryAfter {@code delivery-retryafter}: a delivery's {@code retryAfterMax} is refused without it
 */
public record ClusterFeatures(boolean authenticationOidc, boolean deliveryTimeout, boolean deliveryRetryAfter) {

    public static final ClusterFeatures DEFAULTS = new ClusterFeatures(false, true, false);

    /** The flags of a {@code config-features} data map ({@code "enabled"} or not); what it leaves out, as by default. */
    public static ClusterFeatures of(Map<String, String> flags) {
        return new ClusterFeatures(enabled(flags, "authentication-oidc", DEFAULTS.authenticationOidc),
                enabled(flags, "delivery-timeout", DEFAULTS.deliveryTimeout),
                enabled(flags, "delivery-retryafter", DEFAULTS.deliveryRetryAfter));
    }

    private static boolean enabled(Map<String, String> flags, String flag, boolean byDefault) {
        String value = flags.get(flag);
        return value == null ? byDefault : value.equals("enabled");
    }

    public ClusterFeatures withAuthenticationOidc() {
        return new ClusterFeatures(true, deliveryTimeout, deliveryRetryAfter);
    }
}
