package dev.orderflow.deploy;

import dev.orderflow.manifest.Manifest;

/**
 * The image of a Knative Service of {@code knative/} in the user's registry: the manifest names it
 * {@code registry.example.com/orderflow/<function>:<tag>}; a build, a local run and a deploy all put the same
 * repository under the registry they are given, so the three agree on every image.
 */
final class ServiceImages {

    private ServiceImages() {
    }

    /** {@code <registry>/<repository of the manifest>:<tag>}; an empty {@code tag} keeps the manifest's. */
    static String ref(Manifest service, String registry, String tag) {
        String image = service.node().path("spec").path("template").path("spec").path("containers").path(0)
                .path("image").asText();
        int slash = image.indexOf('/');
        int colon = image.lastIndexOf(':');
        if (slash < 0 || colon < slash) {
            throw new IllegalArgumentException(service.where() + ": image '" + image + "' has no registry and tag");
        }
        return registry + "/" + image.substring(slash + 1, colon) + ":" + (tag.isEmpty() ? image.substring(colon + 1) : tag);
    }
}
