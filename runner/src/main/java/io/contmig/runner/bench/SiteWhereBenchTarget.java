package io.contmig.runner.bench;

import io.contmig.inject.SimpleTenantRouting;
import io.contmig.inject.sitewhere.SiteWhereSwitchingRouting;
import io.contmig.servers.SideEffectJournal;
import io.contmig.inject.sitewhere.SiteWhereTenantEngines;
import io.contmig.plan.SiteWhereKubernetes;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.contmig.load.provision.RestEndpoint;
import io.contmig.plan.BenchPlan;
import io.contmig.plan.SiteWhereTarget;
import io.contmig.plan.TenantPlan;
import io.contmig.target.Login;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.TenantRouting;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A real SiteWhere deployment, reached through the endpoints the scenario gives ({@code target: sitewhere}).
 * contmig starts nothing here and stops nothing on close. The plan's credentials must have been completed
 * ({@link EndpointCredentials#complete}). Tenants must already exist (provisioning checks them
 * first). Migrations move data between the configured sites' stores; a store switch is made in SiteWhere itself
 * (its tenant engines' datastores, {@link SiteWhereSwitchingRouting}) when {@code endpoints.kubernetes} says how —
 * the plan refuses store moves it cannot switch — and only then recorded in the routing.
 */
final class SiteWhereBenchTarget implements BenchTarget {

    private final SiteWhereTarget target;
    private final TenantRouting routing;
    private final KubernetesClient kubernetesClient;
    /** The tenant engines whose datastore switches are journaled; null without {@code endpoints.kubernetes}. */
    private final SiteWhereTenantEngines engines;

    SiteWhereBenchTarget(BenchPlan plan, SiteWhereTarget target) {
        this.target = target;
        Map<String, SiteEndpoints> sites = new LinkedHashMap<>();
        target.siteStores().forEach((name, s) -> sites.put(name, new SiteEndpoints(name, s.postgres(),
                s.postgresUser().orElseThrow(() -> incomplete(name)), s.postgresPassword().orElseThrow(() ->
                incomplete(name)), s.kafka(), s.influx(), s.mqtt(), s.addresses(), s.influxLogin(), s.mqttLogin())));
        SimpleTenantRouting recorded = new SimpleTenantRouting(sites);
        for (TenantPlan t : plan.tenants()) {
            recorded.addTenant(t.name(), t.site());
        }
        if (target.kubernetes().isPresent()) {
            SiteWhereKubernetes k = target.kubernetes().get();
            this.kubernetesClient = k.masterUrl()
                    .map(url -> new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(url).build()))
                    .orElseGet(KubernetesClientBuilder::new).build();
            this.engines = new SiteWhereTenantEngines(kubernetesClient, k.namespace(), SideEffectJournal.machine(),
                    "run of " + plan.name() + " (pid " + ProcessHandle.current().pid() + ")");
            this.routing = new SiteWhereSwitchingRouting(recorded, engines, k.microservices(), k.datastores(),
                    k.switchTimeout());
        } else {
            this.kubernetesClient = null;
            this.engines = null;
            this.routing = recorded;
        }
    }

    @Override
    public String label() {
        return "sitewhere";
    }

    @Override
    public URI mqttUrl() {
        return URI.create(target.mqttUrl());
    }

    @Override
    public Login mqttLogin() {
        return target.mqttLogin();
    }

    @Override
    public RestEndpoint rest() {
        return new RestEndpoint(URI.create(target.restBaseUrl()), URI.create(target.authUrl()),
                target.username().orElseThrow(() -> incomplete("rest")),
                target.password().orElseThrow(() -> incomplete("rest")));
    }

    /** A programming error: {@link EndpointCredentials#complete} runs before a target is opened. */
    private static IllegalStateException incomplete(String where) {
        return new IllegalStateException(where + ": credentials not completed (EndpointCredentials.complete)");
    }

    @Override
    public TenantRouting routing() {
        return routing;
    }

    @Override
    public Map<String, String> versions() {
        return Map.of("target", "SiteWhere (external; see its /system/version)");
    }

    @Override
    public void ensureTenant(String tenant, String site) {
        // SiteWhere tenants are created by its operator; provisioning checks that each one exists.
    }

    @Override
    public void close() {
        // Nothing was started; the journal's records of the datastore switches are closed (the run's outcome), and the
        // Kubernetes client.
        if (engines != null) {
            engines.settle();
        }
        if (kubernetesClient != null) {
            kubernetesClient.close();
        }
    }
}
