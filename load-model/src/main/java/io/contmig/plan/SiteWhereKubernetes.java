package io.contmig.plan;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How store moves on a real SiteWhere 3 are switched for real: its tenant engines ({@code SiteWhereTenantEngine}
 * resources in {@code namespace}) are pointed at another datastore of the instance configuration
 * ({@code endpoints.kubernetes} of a scenario).
 *
 * @param namespace      the SiteWhere instance's namespace
 * @param masterUrl      the API server; empty: the current kube context
 * @param datastores     site → store label → datastore reference (the instance configuration's name of that site's
 *                       datastore), e.g. {@code edge → postgresql → postgres-edge}
 * @param microservices  store label → the microservices whose tenant engines use it
 * @param switchTimeout  how long a switch may wait for the engines to report the new datastore
 */
public record SiteWhereKubernetes(String namespace, Optional<String> masterUrl,
                                  Map<String, Map<String, String>> datastores, Map<String, List<String>> microservices,
                                  Duration switchTimeout) {

    /** SiteWhere 3.0's default users of each store (tenant engine templates {@code tect-default-*}). */
    public static final Map<String, List<String>> DEFAULT_MICROSERVICES = Map.of(
            "postgresql", List.of("device-management", "asset-management", "device-state"),
            "influxdb", List.of("event-management"));

    public SiteWhereKubernetes {
        Plans.requireText("namespace", namespace);
        Objects.requireNonNull(masterUrl, "masterUrl");
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        datastores.forEach((site, refs) -> copy.put(site, Collections.unmodifiableMap(new LinkedHashMap<>(refs))));
        datastores = Collections.unmodifiableMap(copy);
        microservices = Map.copyOf(microservices);
        if (switchTimeout.isNegative() || switchTimeout.isZero()) {
            throw new IllegalArgumentException("switchTimeout (" + switchTimeout + ") must be > 0");
        }
    }

    /** The datastore reference of {@code store} at {@code site}, when configured. */
    public Optional<String> datastore(String site, String store) {
        return Optional.ofNullable(datastores.getOrDefault(site, Map.of()).get(store));
    }
}
