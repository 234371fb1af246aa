package dev.orderflow.manifest;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Knative Eventing's webhook on an EventPolicy (pkg/apis/eventing/v1alpha1/eventpolicy_validation.go): refused
 * unless the cluster has authentication-oidc on; each target is a ref or a selector, each sender a ref or an OIDC
 * subject, and a subject's only wildcard is a trailing '*'.
 */
final class EventPolicyRules {

    private EventPolicyRules() {
    }

    static void checkEventPolicy(JsonNode spec, Checker c) {
        if (!c.features().authenticationOidc()) {
            c.add("kind", "oidc-authentication feature not enabled (the webhook refuses every EventPolicy unless "
                    + "config-features sets authentication-oidc: enabled; apply it from an opt-in overlay)");
        }
        JsonNode to = spec.path("to");
        for (int i = 0; i < to.size(); i++) {
            exactlyOne(to.get(i), "ref", "selector", "spec.to[" + i + "]", c);
            checkObjectRef(to.get(i).path("ref"), "spec.to[" + i + "].ref", c);
        }
        JsonNode from = spec.path("from");
        for (int i = 0; i < from.size(); i++) {
            String path = "spec.from[" + i + "]";
            exactlyOne(from.get(i), "ref", "sub", path, c);
            checkObjectRef(from.get(i).path("ref"), path + ".ref", c);
            String sub = from.get(i).path("sub").asText("");
            if (sub.indexOf('*') >= 0 && sub.indexOf('*') != sub.length() - 1) {
                c.add(path + ".sub", "may end with '*' and hold no other wildcard, not '" + sub + "'");
            }
        }
    }

    private static void exactlyOne(JsonNode node, String one, String other, String path, Checker c) {
        if (node.has(one) == node.has(other)) {
            c.add(path, "needs exactly one of " + one + " or " + other);
        }
    }

    private static void checkObjectRef(JsonNode ref, String path, Checker c) {
        if (ref.isMissingNode()) {
            return;
        }
        for (String field : List.of("apiVersion", "kind", "name")) {
            if (ref.path(field).asText("").isBlank()) {
                c.add(path + "." + field, "required");
            }
        }
    }
}
