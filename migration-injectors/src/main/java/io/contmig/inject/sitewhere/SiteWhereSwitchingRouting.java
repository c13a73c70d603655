package io.contmig.inject.sitewhere;

import io.contmig.inject.ForwardingTenantRouting;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The routing of a real SiteWhere whose store switches are real: {@link #switchSite} first makes SiteWhere's tenant
 * engines use the new site's datastore ({@link SiteWhereTenantEngines#switchDatastore}: patch, then wait until every
 * engine reports it) and only then records the switch in the delegate — so a cutover is timed until SiteWhere itself
 * writes to the new site, and the cross-store check reads the site SiteWhere really uses. A heal that switches back
 * patches the old datastore back the same way.
 *
 * <p>Which microservices' engines each store concerns and which datastore of SiteWhere's instance configuration is
 * each site's come from the scenario ({@code endpoints.kubernetes}); the plan refuses before the run any store move it
 * cannot switch this way (Kafka: one cluster per SiteWhere instance). Every other method delegates. Thread-safe as
 * the delegate is; a switch that SiteWhere does not confirm throws {@link SiteWhereTenantEngines.SwitchException}
 * (unchecked) and leaves the delegate unchanged: the injection fails with the source authoritative.
 */
public final class SiteWhereSwitchingRouting extends ForwardingTenantRouting {

    private final SiteWhereTenantEngines engines;
    private final Map<String, List<String>> microservicesByStore;
    private final Map<String, Map<String, String>> datastoresBySite;
    private final Duration timeout;

    /**
     * @param microservicesByStore store label → the microservices whose tenant engines use it (e.g. {@code postgresql}
     *                             → {@code device-management}, {@code asset-management}, {@code device-state})
     * @param datastoresBySite     site → store label → the datastore reference (instance configuration) at that site
     * @param timeout              how long a switch may wait for the engines to report
     */
    public SiteWhereSwitchingRouting(TenantRouting delegate, SiteWhereTenantEngines engines,
                                     Map<String, List<String>> microservicesByStore,
                                     Map<String, Map<String, String>> datastoresBySite, Duration timeout) {
        super(delegate);
        this.engines = Objects.requireNonNull(engines, "engines");
        this.microservicesByStore = Map.copyOf(microservicesByStore);
        this.datastoresBySite = Map.copyOf(datastoresBySite);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Whether a move of {@code store} to {@code site} can be switched for real (the plan checks this too). */
    public boolean switchable(Store store, String site) {
        return microservicesByStore.containsKey(store.label())
                && datastoresBySite.getOrDefault(site, Map.of()).containsKey(store.label());
    }

    @Override
    public void switchSite(String tenant, Store store, String site) {
        if (!microservicesByStore.containsKey(store.label())) {
            delegate.switchSite(tenant, store, site);
            return;
        }
        String reference = datastoresBySite.getOrDefault(site, Map.of()).get(store.label());
        if (reference == null) {
            throw new SiteWhereTenantEngines.SwitchException("no datastore of site " + site + " for " + store
                    + " (endpoints.kubernetes.datastores." + site + "." + store.label() + ")");
        }
        List<String> names = microservicesByStore.get(store.label()).stream()
                .map(m -> SiteWhereTenantEngines.name(tenant, m)).toList();
        try {
            engines.switchDatastore(names, reference, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SiteWhereTenantEngines.SwitchException("interrupted while switching " + names + " to " + reference);
        }
        delegate.switchSite(tenant, store, site);
    }







}
