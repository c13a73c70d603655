package io.contmig.inject;

import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A {@link TenantRouting} that passes every call to the routing it wraps; a wrapper that adds behaviour to one or
 * two calls (timing write blocks, switching a real platform, pausing consumers) overrides only those. Thread-safe
 * as the delegate is.
 */
public abstract class ForwardingTenantRouting implements TenantRouting {

    /** The routing every call not overridden goes to. */
    protected final TenantRouting delegate;

    protected ForwardingTenantRouting(TenantRouting delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public List<String> sites() {
        return delegate.sites();
    }

    @Override
    public List<String> tenants() {
        return delegate.tenants();
    }

    @Override
    public String siteOf(String tenant, Store store) {
        return delegate.siteOf(tenant, store);
    }

    @Override
    public SiteEndpoints endpoints(String site, String from) {
        return delegate.endpoints(site, from);
    }

    @Override
    public WriteBlock blockWrites(String tenant, Store store, Duration maxWait) throws InterruptedException {
        return delegate.blockWrites(tenant, store, maxWait);
    }

    @Override
    public void startDualWrite(String tenant, Store store, String site) {
        delegate.startDualWrite(tenant, store, site);
    }

    @Override
    public void stopDualWrite(String tenant, Store store) {
        delegate.stopDualWrite(tenant, store);
    }

    @Override
    public void switchSite(String tenant, Store store, String site) {
        delegate.switchSite(tenant, store, site);
    }
}
