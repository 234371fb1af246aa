package dev.orderflow.manifest;

import java.util.List;

/** Collects the problems of one manifest, as {@code "<where>: <field>: <problem>"}, for a cluster with {@code features}. */
record Checker(String where, ClusterFeatures features, List<String> problems) {

    void add(String field, String problem) {
        problems.add(where + ": " + field + ": " + problem);
    }
}
