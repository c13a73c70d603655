package io.contmig.inject.influx;

import io.contmig.inject.InjectionContext;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.target.Store;

import java.io.IOException;
import java.time.Duration;

/** How an Influx injection reaches each side through the routing. Stateless. */
final class InfluxSites {

    private InfluxSites() {
    }

    /** Fails unless {@code store} of the tenant is served by the injection's {@code from} site. */
    static void requireServing(InjectionContext ctx, Store store) {
        String serving = ctx.routing().siteOf(ctx.spec().tenant(), store);
        if (!ctx.spec().from().equals(serving)) {
            throw new IllegalStateException(store.label() + " of tenant " + ctx.spec().tenant() + " is served by site "
                    + serving + ", not by the injection's from site " + ctx.spec().from());
        }
    }

    /** The source server as the target site sees it (the copy crosses the WAN). */
    static InfluxClient source(InjectionContext ctx, Duration timeout) {
        return new InfluxClient(ctx.routing().endpoints(ctx.spec().from(), ctx.spec().to()).influxUrl(), timeout);
    }

    /** The target server, local to the target site. */
    static InfluxClient target(InjectionContext ctx, Duration timeout) {
        return local(ctx, ctx.spec().to(), timeout);
    }

    /** Fails when {@code database} already exists on {@code target} (the server of the injection's target site). */
    static void requireFreeTarget(InjectionContext ctx, InfluxClient target, String database) throws IOException {
        if (target.databaseExists(database)) {
            throw new IllegalStateException("database " + database + " already exists at the target site "
                    + ctx.spec().to() + " (" + target.baseUrl() + "): the target is not free");
        }
    }

    /** Drops the partial {@code database} at the target site; an unreachable target is an exception naming it. */
    static void dropPartialTarget(InjectionContext ctx, String database, Duration timeout) throws IOException {
        try {
            local(ctx, ctx.spec().to(), timeout).dropDatabase(database);
        } catch (IOException e) {
            throw new IOException("could not drop the partial database " + database + " at the target site "
                    + ctx.spec().to() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Drops the tenant's database at the source site, in phase {@code cleanup}: every InfluxDB move's
     * {@link io.contmig.inject.Migration#dropSource} ({@code dropSource: <tenant>}, after a verified move).
     */
    static void dropSource(InjectionContext ctx, Duration timeout) throws IOException {
        ctx.phase("cleanup");
        local(ctx, ctx.spec().from(), timeout).dropDatabase(InfluxTenantVerifier.database(ctx.spec().tenant()));
    }

    /** {@code site}'s server as seen from itself. */
    static InfluxClient local(InjectionContext ctx, String site, Duration timeout) {
        return new InfluxClient(ctx.routing().endpoints(site, site).influxUrl(), timeout);
    }
}
