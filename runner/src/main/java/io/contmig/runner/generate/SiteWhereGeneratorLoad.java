package io.contmig.runner.generate;

import io.contmig.load.GeneratorShare;
import io.contmig.load.provision.ProvisionedFleet;
import io.contmig.load.provision.RestEndpoint;
import io.contmig.plan.BenchPlan;
import io.contmig.runner.bench.BenchLoad;
import io.contmig.runner.bench.SiteWhereLoad;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The production generator load: {@link SiteWhereLoad} over the runner's provisioned fleets, for one share. */
public final class SiteWhereGeneratorLoad implements GeneratorLoadFactory {

    @Override
    public BenchLoad open(BenchPlan plan, GeneratorSpec spec, Path workDir, PrintStream console) {
        ProvisionedFleet.Counts none = new ProvisionedFleet.Counts(0, 0, 0);
        SiteWhereLoad.Fleets fleets = new SiteWhereLoad.Fleets(new ProvisionedFleet(inPlanOrder(plan, spec.devices()),
                none, none), new ProvisionedFleet(inPlanOrder(plan, spec.spares()), none, none));
        RestEndpoint rest = new RestEndpoint(URI.create(spec.restBaseUrl()), URI.create(spec.restAuthUrl()),
                spec.restUsername(), spec.restPassword());
        return new SiteWhereLoad(plan, URI.create(spec.mqttUrl()), rest, workDir, console,
                new GeneratorShare(spec.index(), spec.count()), Optional.of(fleets));
    }

    /** The tenants in plan order: device indexes, hence the split, count over them in that order. */
    static <T> Map<String, T> inPlanOrder(BenchPlan plan, Map<String, T> byTenant) {
        Map<String, T> ordered = new LinkedHashMap<>();
        plan.tenants().forEach(t -> {
            if (byTenant.containsKey(t.name())) {
                ordered.put(t.name(), byTenant.get(t.name()));
            }
        });
        return ordered;
    }
}
