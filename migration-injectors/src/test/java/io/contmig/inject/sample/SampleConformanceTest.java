package io.contmig.inject.sample;

import io.contmig.inject.InjectorConformance;
import io.contmig.inject.SimpleTenantRouting;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.TenantRouting;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The injector conformance properties for the test-only {@code sample/noop-copy} strategy: a strategy that only a
 * test jar brings takes part like the shipped ones. It needs no server (its store lives in the routing alone) and
 * always copies at least one item, so "nothing is PASS with checked == 0" does not apply.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SampleConformanceTest extends InjectorConformance {

    @Override
    protected List<Subject> subjects() {
        return List.of(new Subject("sample/noop-copy", "nc", NoopCopyMigration.SAMPLE, Map.of("items", "2")) {
            @Override
            protected TenantRouting createTenant(String tenant, boolean withData) {
                return new SimpleTenantRouting(Map.of("cloud", endpoints("cloud"), "edge", endpoints("edge")))
                        .addTenant(tenant, "cloud").addTenant(NEIGHBOUR, "cloud");
            }

            @Override
            protected String sourceState(String tenant) {
                return ""; // the sample store holds no data: the routing is all there is
            }

            @Override
            protected String artifacts(String tenant) {
                return "";
            }

            @Override
            protected boolean hasEmptyTenant() {
                return false;
            }
        });
    }

    private static SiteEndpoints endpoints(String site) {
        return new SiteEndpoints(site, "jdbc:postgresql://127.0.0.1:9/postgres", "u", "p", "127.0.0.1:9",
                "http://127.0.0.1:9", "tcp://127.0.0.1:9");
    }
}
