package dev.orderflow.manifest;

/** A Knative destination: a reference to an addressable resource, or a URI. Exactly one is set. */
public record Destination(Ref ref, String uri) {

    /** A Kubernetes object reference ({@code apiVersion}, {@code kind}, {@code name}, optional {@code namespace}). */
    public record Ref(String apiVersion, String kind, String name, String namespace) {

        public boolean is(String group, String kind) {
            return this.kind != null && this.kind.equals(kind) && apiVersion != null && apiVersion.startsWith(group + "/");
        }

        @Override
        public String toString() {
            return kind + " " + (namespace == null ? "" : namespace + "/") + name;
        }
    }

    @Override
    public String toString() {
        return ref != null ? ref.toString() : uri;
    }
}
