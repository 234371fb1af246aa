package dev.orderflow.broker.manifest;

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

    public ClusterFeatures withAuthenticationOidc() {
        return new ClusterFeatures(true, deliveryTimeout, deliveryRetryAfter);
    }
}
