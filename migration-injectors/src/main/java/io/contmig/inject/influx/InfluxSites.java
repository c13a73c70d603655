package io.contmig.inject.influx;

import io.contmig.inject.InjectionContext;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.target.Store;

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

    /** {@code site}'s server as seen from itself. */
    static InfluxClient local(InjectionContext ctx, String site, Duration timeout) {
        return new InfluxClient(ctx.routing().endpoints(site, site).influxUrl(), timeout);
    }
}
