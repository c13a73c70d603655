package io.contmig.sandbox.rest;

/**
 * Creates the stores of a new tenant when {@code POST /sitewhere/api/tenants} creates it (SiteWhere's tenant
 * engines do this on start): its PostgreSQL database {@code tenant_<t>} with the
 * {@link io.contmig.sandbox.devices.DeviceManagementSchema}, its InfluxDB database {@code tenant_<t>}, its Kafka
 * topics and pipeline stage, and its entry in the {@link io.contmig.target.TenantRouting}. Implemented by the
 * sandbox.
 *
 * <p>Called by one REST thread at a time. When {@link #create} returns, {@code routing.tenants()} must contain the
 * tenant; an exception makes the REST call fail with 500 and the tenant is not listed.
 */
@FunctionalInterface
public interface TenantStores {

    /** Creates every store of tenant {@code tenant} (a valid tenant token, not yet known to the routing). */
    void create(String tenant) throws Exception;
}
