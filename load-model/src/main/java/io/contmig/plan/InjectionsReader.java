package io.contmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.options.InjectorCatalog;
import io.contmig.options.InjectorDescription;
import io.contmig.options.OptionSpec;
import io.contmig.options.OptionValues;
import io.contmig.options.SourceDrop;
import io.contmig.target.Store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code injections} section against the injector catalog: which stores, strategies and placement kinds
 * exist, and which options each takes, is what the catalog says, nothing else. Then follows each tenant's stores
 * and pipeline stage through the injections in time order to check and fill in {@code from}. Not thread-safe: one
 * per resolve.
 */
final class InjectionsReader extends NodeReader {

    private final InjectorCatalog catalog;
    private final FaultsReader faults;
    private List<FaultPlan> faultPlans = List.of();

    /** {@code targetLabel} and {@code sites}: what fault injections may hit (faults need the sandbox). */
    InjectionsReader(List<String> problems, InjectorCatalog catalog, String targetLabel, List<String> sites) {
        super(problems);
        this.catalog = catalog;
        this.faults = new FaultsReader(problems, catalog, targetLabel, sites);
    }

    /** The fault injections found by the last {@link #injections} call, triggers checked. */
    List<FaultPlan> faults() {
        return faultPlans;
    }

    /** An injection as read, before the site walk that needs them in time order. */
    private record Draft(int index, String name, Duration at, boolean migration, String store, String strategy,
                         String tenant, Optional<String> from, String to, String alias, List<OptionSpec> specs,
                         Map<String, Object> rawOptions, String actionPath) {
    }

    List<InjectionPlan> injections(JsonNode node, List<TenantPlan> tenants, List<String> sites, Duration duration) {
        List<Draft> drafts = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<JsonNode> elements = present(node) ? list(node, "injections") : List.of();
        for (int i = 0; i < elements.size(); i++) {
            String p = "injections[" + i + "]";
            ObjectNode inj = object(elements.get(i), p, List.of("name", "at", "migration", "placement", "fault"));
            if (inj == null) {
                continue;
            }
            String name = required(inj, p, "name");
            if (name != null && !InjectionPlan.NAME.matcher(name).matches()) {
                problems.add(p + ".name: '" + name + "' must match " + InjectionPlan.NAME.pattern()
                        + " (it becomes a file name)");
            }
            if (name != null && seen.containsKey(name)) {
                problems.add(p + ".name: duplicate injection '" + name + "' (also injections[" + seen.get(name) + "])");
            } else if (name != null) {
                seen.put(name, i);
            }
            boolean hasMigration = present(inj.get("migration"));
            boolean hasPlacement = present(inj.get("placement"));
            if (present(inj.get("fault"))) {
                if (hasMigration || hasPlacement) {
                    problems.add(p + ": expected exactly one of migration, placement or fault");
                } else {
                    faults.read(p, name != null && InjectionPlan.NAME.matcher(name).matches() ? name : null, inj,
                            duration);
                }
                continue;
            }
            Optional<Duration> at = duration(inj, p, "at");
            if (at.isEmpty() && !present(inj.get("at"))) {
                problems.add(p + ".at: required (e.g. 40s)");
            }
            if (at.isPresent() && at.get().compareTo(duration) >= 0) {
                problems.add(p + ".at: " + Plans.format(at.get()) + " is not before the end of the run (duration "
                        + Plans.format(duration) + ")");
            }
            if (hasMigration == hasPlacement) {
                problems.add(p + ": expected exactly one of migration, placement or fault");
                continue;
            }
            Draft draft = hasMigration
                    ? migration(i, name, at.orElse(null), inj.get("migration"), p + ".migration", tenants, sites)
                    : placement(i, name, at.orElse(null), inj.get("placement"), p + ".placement", tenants, sites);
            if (draft != null && name != null && at.isPresent()) {
                drafts.add(draft);
            }
        }
        List<InjectionPlan> plans = walkSites(drafts, tenants);
        faultPlans = faults.faults(plans);
        return plans;
    }

    private Draft migration(int index, String name, Duration at, JsonNode node, String p,
                            List<TenantPlan> tenants, List<String> sites) {
        ObjectNode m = object(node, p, List.of("store", "strategy", "tenant", "from", "to", "options"));
        if (m == null) {
            return null;
        }
        String store = known(m, p, "store", catalog.groups(InjectorDescription.MIGRATION));
        String strategy = required(m, p, "strategy");
        if (store != null && strategy != null) {
            strategy = known(m, p, "strategy", catalog.mechanisms(store));
        }
        String alias = store == null || strategy == null ? null : store + "/" + strategy;
        return action(index, name, at, true, store, strategy, alias, m, p, tenants, sites);
    }

    private Draft placement(int index, String name, Duration at, JsonNode node, String p,
                            List<TenantPlan> tenants, List<String> sites) {
        ObjectNode m = object(node, p, List.of("kind", "tenant", "from", "to", "options"));
        if (m == null) {
            return null;
        }
        String kind = known(m, p, "kind", catalog.mechanisms(InjectorDescription.PLACEMENT));
        String alias = kind == null ? null : InjectorDescription.PLACEMENT + "/" + kind;
        return action(index, name, at, false, Store.PIPELINE.label(), kind, alias, m, p, tenants, sites);
    }

    /** The required text at {@code key} when it is one of {@code known} (what the catalog offers), else null. */
    private String known(ObjectNode m, String p, String key, List<String> known) {
        String value = required(m, p, key);
        if (value != null && !known.contains(value)) {
            problems.add(p + "." + key + ": unknown '" + value + "' (expected one of: "
                    + (known.isEmpty() ? "none is installed" : String.join(", ", known)) + ")");
            return null;
        }
        return value;
    }

    private Draft action(int index, String name, Duration at, boolean migration, String store, String strategy,
                         String alias, ObjectNode m, String p, List<TenantPlan> tenants, List<String> sites) {
        String tenant = required(m, p, "tenant");
        if (tenant != null && tenants.stream().noneMatch(t -> t.name().equals(tenant))) {
            problems.add(p + ".tenant: unknown tenant '" + tenant + "' (known: " + (tenants.isEmpty() ? "none"
                    : String.join(", ", tenants.stream().map(TenantPlan::name).toList())) + ")");
        }
        Optional<String> from = text(m, p, "from");
        if (from.isPresent() && !sites.contains(from.get())) {
            problems.add(p + ".from: unknown site '" + from.get() + "' (expected one of: "
                    + String.join(", ", sites) + ")");
        }
        String to = required(m, p, "to");
        if (to != null && !sites.contains(to)) {
            problems.add(p + ".to: unknown site '" + to + "' (expected one of: " + String.join(", ", sites) + ")");
        }
        List<OptionSpec> specs = alias == null ? null
                : catalog.byAlias(alias).map(InjectorDescription::options).orElse(null);
        Map<String, Object> raw = options(m.get("options"), p + ".options");
        if (name == null || at == null || alias == null || specs == null || raw == null || to == null
                || tenant == null || !sites.contains(to) || tenants.stream().noneMatch(t -> t.name().equals(tenant))
                || (from.isPresent() && !sites.contains(from.get()))) {
            return null;
        }
        return new Draft(index, name, at, migration, store, strategy, tenant, from, to, alias, specs, raw, p);
    }

    private Map<String, Object> options(JsonNode node, String p) {
        if (!present(node)) {
            return Map.of();
        }
        if (!node.isObject()) {
            problems.add(p + ": expected a map, got " + describe(node));
            return null;
        }
        Map<String, Object> raw = new LinkedHashMap<>();
        boolean ok = true;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                problems.add(child(p, e.getKey()) + ": expected a single value, got " + describe(e.getValue()));
                ok = false;
            } else {
                raw.put(e.getKey(), e.getValue().asText());
            }
        }
        return ok ? raw : null;
    }

    /**
     * Follows each tenant's stores and pipeline stage through the injections in time order, checking and
     * filling in {@code from}, refusing a move to where the part already is, and validating options.
     */
    private List<InjectionPlan> walkSites(List<Draft> drafts, List<TenantPlan> tenants) {
        Map<String, String> siteOf = new HashMap<>();
        List<Draft> ordered = new ArrayList<>(drafts);
        ordered.sort(Comparator.comparing(Draft::at).thenComparingInt(Draft::index));
        List<InjectionPlan> plans = new ArrayList<>();
        for (Draft d : ordered) {
            String home = tenants.stream().filter(t -> t.name().equals(d.tenant())).findFirst()
                    .map(TenantPlan::site).orElseThrow();
            String part = d.tenant() + "/" + d.store();
            String current = siteOf.getOrDefault(part, home);
            String what = d.migration() ? d.tenant() + "'s " + d.store() : d.tenant() + "'s pipeline stage";
            boolean ok = true;
            if (d.from().isPresent() && !d.from().get().equals(current)) {
                problems.add(d.actionPath() + ".from: '" + d.from().get() + "' is not where " + what + " is at "
                        + Plans.format(d.at()) + " ('" + current + "')");
                ok = false;
            }
            if (d.to().equals(current)) {
                problems.add(d.actionPath() + ".to: '" + d.to() + "' is already where " + what + " is at "
                        + Plans.format(d.at()) + " (nothing to move)");
                ok = false;
            }
            OptionValues options = OptionValues.validate(d.actionPath() + ".options", d.rawOptions(), d.specs(),
                    problems);
            if (d.specs().stream().anyMatch(s -> s.name().equals(SourceDrop.KEY.name()))) {
                Optional<String> wrongName = SourceDrop.check(d.actionPath() + ".options", d.rawOptions(), d.tenant());
                wrongName.ifPresent(problems::add);
                ok &= wrongName.isEmpty();
            }
            siteOf.put(part, d.to());
            if (!ok) {
                continue;
            }
            InjectionAction action = d.migration()
                    ? new PlannedMigration(d.store(), d.strategy(), d.tenant(), current, d.to(), options)
                    : new PlannedPlacement(d.strategy(), d.tenant(), current, d.to(), options);
            if (InjectionPlan.NAME.matcher(d.name()).matches()) {
                plans.add(new InjectionPlan(d.name(), d.at(), action));
            }
        }
        return plans;
    }
}
