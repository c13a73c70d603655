package io.contmig.runner.generate;

import io.contmig.load.provision.ProvisionedFleet.ProvisionedDevice;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one generator process is told over its control connection: the plan, its share, where the target is and
 * what the runner provisioned. Sent as JSON, never on a command line (it holds the REST password). Immutable.
 *
 * @param runId        the run
 * @param index        this generator, in [0, count)
 * @param count        generators of the run
 * @param planJson     the resolved plan ({@code BenchPlan.toJson()}), re-resolved by the generator
 * @param mqttUrl      where devices connect
 * @param restBaseUrl  SiteWhere's API root
 * @param restAuthUrl  its JWT endpoint
 * @param restUsername login
 * @param restPassword password
 * @param devices      tenant → provisioned devices, all of the plan's, tenants in plan order (the generator keeps
 *                     its share)
 * @param spares       tenant → spare devices (targets of REST {@code createAssignment})
 * @param loadFactory  class name of the {@link GeneratorLoadFactory} that makes the generator's load
 */
public record GeneratorSpec(String runId, int index, int count, String planJson, String mqttUrl, String restBaseUrl,
                            String restAuthUrl, String restUsername, String restPassword,
                            Map<String, List<ProvisionedDevice>> devices, Map<String, List<ProvisionedDevice>> spares,
                            String loadFactory) {

    public GeneratorSpec {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(planJson, "planJson");
        // Tenant order is the plan's and numbers the devices: kept.
        devices = Collections.unmodifiableMap(new LinkedHashMap<>(devices));
        spares = Collections.unmodifiableMap(new LinkedHashMap<>(spares));
        Objects.requireNonNull(loadFactory, "loadFactory");
    }

    /** The same spec for generator {@code newIndex}. */
    public GeneratorSpec forIndex(int newIndex) {
        return new GeneratorSpec(runId, newIndex, count, planJson, mqttUrl, restBaseUrl, restAuthUrl, restUsername,
                restPassword, devices, spares, loadFactory);
    }
}
