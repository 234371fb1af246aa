package dev.orderflow.manifest;

import java.util.List;

/** The manifests cannot be served as they are: every problem found, one per line. */
public class ManifestException extends RuntimeException {

    private final List<String> problems;

    public ManifestException(List<String> problems) {
        super("invalid manifests:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
