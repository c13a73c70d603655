package io.contmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.options.InjectorCatalog;

import java.time.Duration;
import java.util.List;

/**
 * One pass over a whole scenario tree: reads the top-level keys and hands each section to its reader, all sharing
 * one problem list, so that every problem of every section is found. Not thread-safe: one per resolve.
 */
final class ScenarioReader extends NodeReader {

    private static final List<String> TARGETS = List.of("sandbox", "sitewhere");

    private final Defaults defaults;
    private final InjectorCatalog catalog;
    private final GateSyntax gateSyntax;

    ScenarioReader(List<String> problems, Defaults defaults, InjectorCatalog catalog, GateSyntax gateSyntax) {
        super(problems);
        this.defaults = defaults;
        this.catalog = catalog;
        this.gateSyntax = gateSyntax;
    }

    /** The plan, or null when any problem was found (the problems say why). */
    BenchPlan plan(JsonNode rootNode) {
        ObjectNode root = object(rootNode, "scenario", Overrides.SCENARIO_KEYS);
        if (root == null) {
            return null;
        }
        String name = text(root, "", "name").orElse(defaults.name());
        if (!BenchPlan.NAME.matcher(name).matches()) {
            problems.add("name: '" + name + "' must match " + BenchPlan.NAME.pattern());
        }
        long seed = integer(root, "", "seed").orElse(defaults.seed());
        Duration duration = duration(root, "", "duration").orElse(defaults.duration());
        if (duration.isZero()) {
            problems.add("duration: must be > 0");
        }
        String targetLabel = choice(root, "", "target", TARGETS).orElse(defaults.target());
        TargetReader targetReader = new TargetReader(problems, defaults);
        TargetPlan target = targetReader.target(root, targetLabel);
        List<String> sites = target != null ? target.sites()
                : targetLabel.equals("sitewhere") ? targetReader.declaredSites(root) : SandboxTarget.SITES;
        List<TenantPlan> tenants = new TenantsReader(problems, defaults).tenants(root.get("tenants"), sites);
        if (target instanceof SiteWhereTarget sw) {
            for (int i = 0; i < tenants.size(); i++) {
                TenantPlan t = tenants.get(i);
                String served = sw.tenantSites().get(t.name());
                if (served != null && !served.equals(t.site())) {
                    problems.add("tenants[" + i + "].site: '" + t.site() + "', but endpoints.tenants." + t.name()
                            + ".site says the installation serves it from '" + served + "'");
                }
            }
        }
        LoadPlan load = new LoadReader(problems, defaults).load(root.get("load"), tenants);
        InjectionsReader injectionsReader = new InjectionsReader(problems, catalog, targetLabel, sites);
        List<InjectionPlan> injections = injectionsReader.injections(root.get("injections"), tenants, sites, duration);
        List<FaultPlan> faults = injectionsReader.faults();
        requireAClusterToReassignIn(root, target, injections);
        if (target instanceof SiteWhereTarget sw && injections != null) {
            refuseUnswitchable(sw, injections);
        }
        WindowPolicy windows = new WindowsReader(problems, defaults).windows(root.get("windows"));
        List<GatePlan> gates = new GatesReader(problems, gateSyntax).gates(root.get("gates"), injections, faults);
        if (!problems.isEmpty() || target == null || load == null || windows == null) {
            return null;
        }
        return build("scenario", () -> new BenchPlan(name, seed, duration, target, tenants, load, injections,
                windows, gates, faults));
    }

    /** The alias of the strategy that moves partitions between the brokers of one cluster. */
    private static final String PARTITION_REASSIGNMENT = "kafka/partition-reassignment";

    /**
     * A partition reassignment on the sandbox's per-site Kafka (one single-broker cluster per site) would move
     * nothing: refused here, before anything starts, rather than measured as a PASS of nothing.
     */
    private void requireAClusterToReassignIn(ObjectNode root, TargetPlan target, List<InjectionPlan> injections) {
        if (!(target instanceof SandboxTarget sandbox) || !sandbox.kafka().equals(SandboxTarget.KAFKA_PER_SITE)
                || injections == null) {
            return;
        }
        JsonNode raw = root.path("injections");
        for (InjectionPlan injection : injections) {
            if (!injection.action().alias().equals(PARTITION_REASSIGNMENT)) {
                continue;
            }
            int index = 0;
            while (index < raw.size() && !injection.name().equals(raw.path(index).path("name").asText())) {
                index++;
            }
            problems.add("injections[" + index + "].migration.strategy: partition-reassignment moves a tenant's "
                    + "partitions between the brokers of one cluster, but sandbox.kafka is per-site (one single-broker "
                    + "cluster per site): it would move nothing; set sandbox: { kafka: stretched }");
        }
    }

    /**
     * On a real SiteWhere a store move is only honest when SiteWhere itself can be switched to the new site: its
     * tenant engines' datastores ({@code endpoints.kubernetes}) for PostgreSQL and InfluxDB; never Kafka (one cluster
     * per instance: a per-tenant move would be a partition reassignment inside a stretched cluster). Anything else
     * would time a switch that never happened, so it is refused before the run.
     */
    private void refuseUnswitchable(SiteWhereTarget sw, List<InjectionPlan> injections) {
        for (InjectionPlan injection : injections) {
            if (!(injection.action() instanceof PlannedMigration m)) {
                continue;
            }
            String p = "injections (" + injection.name() + ").migration";
            if (m.store().equals("kafka")) {
                problems.add(p + ".store: kafka cannot be switched on a real SiteWhere (one Kafka per instance; a "
                        + "per-tenant move is a partition reassignment inside a stretched cluster)");
                continue;
            }
            for (String site : List.of(m.from(), m.to())) {
                boolean known = sw.kubernetes().flatMap(k -> k.datastore(site, m.store())).isPresent()
                        && sw.kubernetes().get().microservices().containsKey(m.store());
                if (!known) {
                    problems.add(p + ": SiteWhere cannot be switched to site " + site + " for " + m.store()
                            + " (set endpoints.kubernetes.datastores." + site + "." + m.store()
                            + "; without it contmig would move the data while SiteWhere keeps using the source)");
                }
            }
        }
    }
}
