package io.contmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code tenants} section: names, home sites, devices. Not thread-safe: one per resolve. */
final class TenantsReader extends NodeReader {

    private final Defaults defaults;

    TenantsReader(List<String> problems, Defaults defaults) {
        super(problems);
        this.defaults = defaults;
    }

    List<TenantPlan> tenants(JsonNode node, List<String> sites) {
        List<TenantPlan> tenants = new ArrayList<>();
        List<JsonNode> elements = list(node, "tenants");
        if (elements.isEmpty()) {
            problems.add("tenants: at least one tenant is required");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < elements.size(); i++) {
            String p = "tenants[" + i + "]";
            ObjectNode t = object(elements.get(i), p, List.of("name", "site", "devices"));
            if (t == null) {
                continue;
            }
            String name = required(t, p, "name");
            boolean ok = name != null;
            if (name != null && !TenantPlan.NAME.matcher(name).matches()) {
                problems.add(p + ".name: '" + name + "' must match " + TenantPlan.NAME.pattern()
                        + " (it becomes a database name)");
                ok = false;
            }
            if (name != null && seen.containsKey(name)) {
                problems.add(p + ".name: duplicate tenant '" + name + "' (also tenants[" + seen.get(name) + "])");
                ok = false;
            } else if (name != null) {
                seen.put(name, i);
            }
            String site = text(t, p, "site").orElse(defaults.tenantSite());
            if (!sites.contains(site)) {
                problems.add(p + ".site: unknown '" + site + "' (expected one of: " + String.join(", ", sites) + ")");
                ok = false;
            }
            long devices = integer(t, p, "devices").orElse((long) defaults.devicesPerTenant());
            if (devices < 0 || devices > Integer.MAX_VALUE) {
                problems.add(p + ".devices: " + devices + " must be >= 0");
                ok = false;
            }
            if (ok) {
                tenants.add(new TenantPlan(name, site, (int) devices));
            }
        }
        return tenants;
    }
}
