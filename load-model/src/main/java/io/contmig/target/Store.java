package io.contmig.target;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A part of a tenant that lives on one site and can be moved: a data store (named by the store label of its
 * injectors' aliases, e.g. {@code postgresql} in {@code postgresql/logical-replication}) or its pipeline stage.
 * Open: any injector may name a new store; the constants are the ones the sandbox and SiteWhere have. Immutable.
 *
 * @param label the name used in scenarios, aliases, marks and reports
 */
public record Store(String label) {

    /** Store labels: they become parts of aliases and file names. */
    public static final Pattern LABEL = Pattern.compile("^[a-z0-9]+$");

    public static final Store POSTGRESQL = new Store("postgresql");
    public static final Store KAFKA = new Store("kafka");
    public static final Store INFLUXDB = new Store("influxdb");
    /** The tenant's pipeline stage (the SiteWhere microservices' work for it); moved by placement changes. */
    public static final Store PIPELINE = new Store("pipeline");

    /** The stores every target of contmig has (the sandbox and SiteWhere), in a fixed order. */
    public static final List<Store> WELL_KNOWN = List.of(POSTGRESQL, KAFKA, INFLUXDB, PIPELINE);

    public Store {
        Objects.requireNonNull(label, "label");
        if (!LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("store label '" + label + "' must match " + LABEL.pattern());
        }
    }

    /** The store labelled {@code label} (a well-known constant or a new store). */
    public static Store of(String label) {
        return new Store(label);
    }

    @Override
    public String toString() {
        return label;
    }
}
