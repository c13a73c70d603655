package io.contmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.options.InjectorCatalog;
import io.contmig.options.InjectorDescription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the fault injections of the {@code injections} section: {@code fault: {kind, link | server | site, for,
 * delay, bandwidthMbit}} and an {@code at} that is a time or {@code {injection, phase, offset}}. A phase trigger
 * is checked once every migration and placement is known: the injection must be one of them and the phase one its
 * injector announces. Every problem names its path. Not thread-safe: one per resolve.
 */
final class FaultsReader extends NodeReader {

    private static final List<String> TRIGGER_KEYS = List.of("injection", "phase", "offset");

    private final InjectorCatalog catalog;
    private final String targetLabel;
    private final List<String> sites;
    private final List<Pending> pending = new ArrayList<>();

    /** A fault read before the phase triggers can be checked against the other injections. */
    private record Pending(String path, String name, Duration atTime, JsonNode atPhase, PlannedFault fault) {
    }

    FaultsReader(List<String> problems, InjectorCatalog catalog, String targetLabel, List<String> sites) {
        super(problems);
        this.catalog = catalog;
        this.targetLabel = targetLabel;
        this.sites = sites;
    }

    /** Reads {@code inj.fault} (path {@code p}) and keeps it until {@link #faults}; {@code name} may be null. */
    void read(String p, String name, ObjectNode inj, Duration runDuration) {
        String fp = p + ".fault";
        if (!targetLabel.equals("sandbox")) {
            problems.add(fp + ": faults need target sandbox (target '" + targetLabel + "' has no fault control)");
        }
        JsonNode at = inj.get("at");
        Duration atTime = null;
        if (!present(at)) {
            problems.add(p + ".at: required (a time, e.g. 60s, or {injection, phase, offset})");
        } else if (!at.isObject()) {
            atTime = duration(inj, p, "at").orElse(null);
            if (atTime != null && atTime.compareTo(runDuration) >= 0) {
                problems.add(p + ".at: " + Plans.format(atTime) + " is not before the end of the run (duration "
                        + Plans.format(runDuration) + ")");
                atTime = null;
            }
        }
        PlannedFault fault = fault(inj.get("fault"), fp);
        if (fault != null && name != null && (atTime != null || (at != null && at.isObject()))) {
            pending.add(new Pending(p, name, atTime, atTime == null ? at : null, fault));
        }
    }

    private PlannedFault fault(JsonNode node, String p) {
        if (!(node instanceof ObjectNode)) {
            problems.add(p + ": expected a map, got " + describe(node));
            return null;
        }
        String kindLabel = required((ObjectNode) node, p, "kind");
        Optional<FaultKind> kind = kindLabel == null ? Optional.empty() : FaultKind.byLabel(kindLabel);
        if (kindLabel != null && kind.isEmpty()) {
            problems.add(p + ".kind: unknown '" + kindLabel + "' (expected one of: "
                    + String.join(", ", FaultKind.labels()) + ")");
            return null;
        }
        if (kind.isEmpty()) {
            return null;
        }
        FaultKind k = kind.get();
        List<String> keys = k == FaultKind.DELAY ? List.of("kind", "link", "for", "delay", "bandwidthMbit")
                : List.of("kind", k.targetKey(), "for");
        ObjectNode f = object(node, p, keys);
        String target = target(f, p, k);
        Optional<Duration> lasts = duration(f, p, "for");
        if (!present(f.get("for"))) {
            problems.add(p + ".for: required (how long the fault holds before it heals, e.g. 10s)");
        } else if (lasts.isPresent() && lasts.get().isZero()) {
            problems.add(p + ".for: must be > 0");
        }
        Optional<Duration> delay = k == FaultKind.DELAY ? duration(f, p, "delay") : Optional.empty();
        Optional<Double> bandwidth = k == FaultKind.DELAY ? rate(f, p, "bandwidthMbit") : Optional.empty();
        if (k == FaultKind.DELAY && !present(f.get("delay")) && !present(f.get("bandwidthMbit"))) {
            problems.add(p + ": a delay fault needs delay (one-way, e.g. 200ms) or bandwidthMbit");
        }
        if (target == null || lasts.isEmpty() || lasts.get().isZero()) {
            return null;
        }
        return build(p, () -> new PlannedFault(k, target, lasts.get(), delay, bandwidth));
    }

    private String target(ObjectNode f, String p, FaultKind k) {
        String value = required(f, p, k.targetKey());
        if (value == null) {
            return null;
        }
        String where = p + "." + k.targetKey();
        switch (k.targetKey()) {
            case "link" -> {
                if (!FaultKind.LINKS.contains(value)) {
                    problems.add(where + ": unknown link '" + value + "' (expected one of: "
                            + String.join(", ", FaultKind.LINKS) + ")");
                    return null;
                }
            }
            case "site" -> {
                if (!sites.contains(value)) {
                    problems.add(where + ": unknown site '" + value + "' (expected one of: "
                            + String.join(", ", sites) + ")");
                    return null;
                }
            }
            default -> {
                int dot = value.indexOf('.');
                String site = dot < 0 ? "" : value.substring(0, dot);
                String server = dot < 0 ? "" : value.substring(dot + 1);
                if (!sites.contains(site) || !FaultKind.SERVERS.contains(server)) {
                    problems.add(where + ": '" + value + "' is not <site>.<server> (sites: " + String.join(", ", sites)
                            + "; servers: " + String.join(", ", FaultKind.SERVERS) + ")");
                    return null;
                }
            }
        }
        return value;
    }

    /**
     * The faults read so far, their triggers resolved against {@code injections} (the plan's migrations and
     * placements); faults with a bad trigger are left out, with their problem recorded.
     */
    List<FaultPlan> faults(List<InjectionPlan> injections) {
        List<FaultPlan> faults = new ArrayList<>();
        for (Pending f : pending) {
            FaultTrigger trigger = f.atTime() != null ? new FaultTrigger.AtTime(f.atTime()) : trigger(f, injections);
            if (trigger != null) {
                faults.add(new FaultPlan(f.name(), trigger, f.fault()));
            }
        }
        return faults;
    }

    private FaultTrigger trigger(Pending f, List<InjectionPlan> injections) {
        String p = f.path() + ".at";
        ObjectNode at = object(f.atPhase(), p, TRIGGER_KEYS);
        String injection = required(at, p, "injection");
        String phase = required(at, p, "phase");
        Duration offset = duration(at, p, "offset").orElse(Duration.ZERO);
        if (injection == null || phase == null) {
            return null;
        }
        Optional<InjectionPlan> target = injections.stream().filter(i -> i.name().equals(injection)).findFirst();
        if (target.isEmpty()) {
            problems.add(p + ".injection: '" + injection + "' is not a migration or placement of this scenario (known: "
                    + (injections.isEmpty() ? "none" : String.join(", ", injections.stream().map(InjectionPlan::name)
                    .toList())) + ")");
            return null;
        }
        List<String> phases = catalog.byAlias(target.get().action().alias()).map(InjectorDescription::phaseNames)
                .orElse(List.of());
        if (!phases.isEmpty() && !phases.contains(phase)) {
            problems.add(p + ".phase: '" + phase + "' is not a phase of " + injection + " ("
                    + target.get().action().alias() + " announces: " + String.join(", ", phases) + ")");
            return null;
        }
        return new FaultTrigger.AtPhase(injection, phase, offset);
    }
}
