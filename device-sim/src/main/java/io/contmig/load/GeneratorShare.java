package io.contmig.load;

import io.contmig.load.mqtt.TenantDevices;

import java.util.ArrayList;
import java.util.List;

/**
 * One generator's part of a run's load when the load is split over {@code count} generator processes
 * ({@code load.generators}): device {@code i} (0-based over the plan's tenants in order) belongs to generator
 * {@code i mod count}, REST request kind {@code k} (0-based in the plan's order) to generator {@code k mod count},
 * and a user's own Gatling simulation to generator 0.
 *
 * <p>Devices keep their plan-wide index, so each device's seeded schedule is the same whatever {@code count} is
 * (see {@link PlanLoads#fleet(io.contmig.plan.BenchPlan, java.net.URI, List, GeneratorShare)}). A REST kind runs
 * whole on one generator, at its full rate, for the same reason: Gatling spaces its arrivals by the rate, so
 * cutting a rate in {@code count} would change them. Immutable.
 *
 * @param index this generator, in [0, count)
 * @param count generators
 */
public record GeneratorShare(int index, int count) {

    /** The whole load: one generator. */
    public static final GeneratorShare ALL = new GeneratorShare(0, 1);

    public GeneratorShare {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("generator " + index + " of " + count + ": need 0 <= index < count");
        }
    }

    /** Whether this generator drives the device of plan-wide index {@code deviceIndex}. */
    public boolean ownsDevice(int deviceIndex) {
        return Math.floorMod(deviceIndex, count) == index;
    }

    /** Whether this generator runs REST request kind {@code kindIndex} (plan order). */
    public boolean ownsRestKind(int kindIndex) {
        return Math.floorMod(kindIndex, count) == index;
    }

    /** This generator's devices of {@code all} (every tenant kept, in order, possibly with no device). */
    public List<TenantDevices> devices(List<TenantDevices> all) {
        List<TenantDevices> mine = new ArrayList<>();
        int i = 0;
        for (TenantDevices t : all) {
            List<io.contmig.load.mqtt.DeviceIdentity> kept = new ArrayList<>();
            for (io.contmig.load.mqtt.DeviceIdentity d : t.devices()) {
                if (ownsDevice(i++)) {
                    kept.add(d);
                }
            }
            mine.add(new TenantDevices(t.tenant(), kept));
        }
        return mine;
    }
}
