package io.contmig.inject.placement;

import io.contmig.inject.InjectionContext;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.PlacementChange;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;

import java.time.Duration;

/**
 * {@code placement/sandbox-site}: moves a tenant's pipeline stage to the other site of the routing, and with it
 * the WAN delay profile its traffic pays (the sandbox's stage consumes and publishes through that site's
 * device-link proxy). Phases map to steps of the routing: {@code drain} (block the stage's new work and wait
 * for the work in flight: {@code blockWrites(tenant, PIPELINE, maxDrain)}), {@code move}
 * ({@code switchSite(tenant, PIPELINE, to)}) and {@code resume} (release the block; the stage now runs at
 * {@code to}). The injection fails unless the routing then serves the tenant's pipeline at {@code to}.
 *
 * <p>One instance per injection, one thread. Failure before {@code move} leaves the routing unchanged; heal
 * releases a block still held (idempotent).
 */
public final class SandboxSitePlacement implements PlacementChange {

    private final InjectionSpec spec;
    private final Duration maxDrain;
    private volatile TenantRouting.WriteBlock block;

    public SandboxSitePlacement(InjectionSpec spec, Duration maxDrain) {
        this.spec = spec;
        this.maxDrain = maxDrain;
    }

    @Override
    public void prepare(InjectionContext ctx) {
        TenantRouting routing = ctx.routing();
        if (!routing.tenants().contains(spec.tenant())) {
            throw new IllegalStateException("tenant '" + spec.tenant() + "' is not known to the target (known: "
                    + routing.tenants() + ")");
        }
        if (!routing.sites().contains(spec.to())) {
            throw new IllegalStateException("to: unknown site '" + spec.to() + "' (known: " + routing.sites() + ")");
        }
        String serving = routing.siteOf(spec.tenant(), Store.PIPELINE);
        if (!spec.from().equals(serving)) {
            throw new IllegalStateException("tenant '" + spec.tenant() + "': pipeline runs at '" + serving
                    + "', not at from='" + spec.from() + "'");
        }
    }

    @Override
    public void inject(InjectionContext ctx) throws Exception {
        TenantRouting routing = ctx.routing();
        ctx.phase("drain");
        block = routing.blockWrites(spec.tenant(), Store.PIPELINE, maxDrain);
        ctx.phase("move");
        routing.switchSite(spec.tenant(), Store.PIPELINE, spec.to());
        ctx.phase("resume");
        release();
        String now = routing.siteOf(spec.tenant(), Store.PIPELINE);
        if (!spec.to().equals(now)) {
            throw new IllegalStateException("after the move the routing serves tenant '" + spec.tenant()
                    + "''s pipeline at '" + now + "', not at '" + spec.to() + "'");
        }
    }

    @Override
    public void heal(InjectionContext ctx) {
        release();
    }

    private void release() {
        TenantRouting.WriteBlock b = block;
        block = null;
        if (b != null) {
            b.close();
        }
    }
}
