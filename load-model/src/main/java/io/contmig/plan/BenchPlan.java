package io.contmig.plan;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The fully resolved plan of one run: a scenario with overrides and every default applied, validated. Pure data;
 * immutable and thread-safe. Built by {@link PlanResolver}; written to {@code plan.json} by {@link #toJson()}.
 *
 * @param name       run name; the run id is {@code <UTC timestamp>-<name>}, hence {@link #NAME}
 * @param seed       seed of every random choice of the run (arrivals, payloads)
 * @param duration   how long load runs
 * @param target     sandbox or a real SiteWhere
 * @param tenants    in scenario order; names unique
 * @param load       MQTT and REST load
 * @param injections sorted by {@code at} (scenario order among equal times); names unique
 * @param windows    report window policy
 * @param gates      SLO gates
 * @param faults     fault injections, in scenario order; names unique among all injections
 */
public record BenchPlan(String name, long seed, Duration duration, TargetPlan target, List<TenantPlan> tenants,
                        LoadPlan load, List<InjectionPlan> injections, WindowPolicy windows, List<GatePlan> gates,
                        List<FaultPlan> faults) {

    /** Run names: they become directory names. */
    public static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$");

    public BenchPlan {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name '" + name + "' must match " + NAME.pattern());
        }
        Plans.requireNonNegative("duration", duration);
        if (duration.isZero()) {
            throw new IllegalArgumentException("duration must be > 0");
        }
        Objects.requireNonNull(target, "target");
        tenants = List.copyOf(tenants);
        Objects.requireNonNull(load, "load");
        injections = List.copyOf(injections);
        Objects.requireNonNull(windows, "windows");
        gates = List.copyOf(gates);
        faults = List.copyOf(faults);
        requireUnique("tenant", tenants.stream().map(TenantPlan::name).toList());
        requireUnique("injection", Stream.concat(injections.stream().map(InjectionPlan::name),
                faults.stream().map(FaultPlan::name)).toList());
        for (int i = 1; i < injections.size(); i++) {
            if (injections.get(i).at().compareTo(injections.get(i - 1).at()) < 0) {
                throw new IllegalArgumentException("injections must be sorted by at");
            }
        }
    }

    /** A plan without faults. */
    public BenchPlan(String name, long seed, Duration duration, TargetPlan target, List<TenantPlan> tenants,
                     LoadPlan load, List<InjectionPlan> injections, WindowPolicy windows, List<GatePlan> gates) {
        this(name, seed, duration, target, tenants, load, injections, windows, gates, List.of());
    }

    private static void requireUnique(String what, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new IllegalArgumentException("duplicate " + what + " name '" + n + "'");
            }
        }
    }

    /** The tenant named {@code name}, if any. */
    public Optional<TenantPlan> tenant(String name) {
        return tenants.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The injection named {@code name}, if any. */
    public Optional<InjectionPlan> injection(String name) {
        return injections.stream().filter(i -> i.name().equals(name)).findFirst();
    }

    /** The fault named {@code name}, if any. */
    public Optional<FaultPlan> fault(String name) {
        return faults.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Devices over all tenants; device indexes for {@link ArrivalSchedule#forDevice} run from 0 to this − 1. */
    public int deviceCount() {
        return tenants.stream().mapToInt(TenantPlan::devices).sum();
    }

    /** The first device index of {@code tenant} (devices are numbered over the tenants in plan order). */
    public int firstDeviceIndex(String tenant) {
        int index = 0;
        for (TenantPlan t : tenants) {
            if (t.name().equals(tenant)) {
                return index;
            }
            index += t.devices();
        }
        throw new IllegalArgumentException("no tenant '" + tenant + "'");
    }

    /** {@code plan.json}: the resolved plan, every default written out, pretty-printed, stable field order. */
    public String toJson() {
        return PlanJson.write(this);
    }

    /** The resolved plan and its schedule as text, for {@code contmig:plan}. */
    public String describe() {
        return PlanDescription.describe(this);
    }
}
