package io.contmig.runner.bench;

import io.contmig.inject.SimpleTenantRouting;
import io.contmig.load.provision.RestEndpoint;
import io.contmig.target.FaultControl;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.TenantRouting;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * A target without servers: two sites whose endpoints nothing connects to, and an in-memory routing. The MQTT and
 * REST addresses exist only for the interface; a {@link FakeLoad} never uses them.
 */
final class FakeTarget implements BenchTarget {

    private final SimpleTenantRouting routing = new SimpleTenantRouting(Map.of("cloud", site("cloud"), "edge", site("edge")));
    private final Optional<FaultControl> faults;

    FakeTarget() {
        this(null);
    }

    /** A fake target whose fault injections go to {@code faults} (none when null). */
    FakeTarget(FaultControl faults) {
        this.faults = Optional.ofNullable(faults);
    }

    @Override
    public Optional<FaultControl> faults() {
        return faults;
    }

    private static SiteEndpoints site(String name) {
        return new SiteEndpoints(name, "jdbc:postgresql://127.0.0.1:9/" + name, "u", "fake-password", "127.0.0.1:9",
                "http://127.0.0.1:9", "tcp://127.0.0.1:9");
    }

    @Override
    public String label() {
        return "fake";
    }

    @Override
    public URI mqttUrl() {
        return URI.create("tcp://127.0.0.1:9");
    }

    @Override
    public RestEndpoint rest() {
        return new RestEndpoint(URI.create("http://127.0.0.1:9/api"), URI.create("http://127.0.0.1:9/auth"), "u", "p");
    }

    @Override
    public TenantRouting routing() {
        return routing;
    }

    @Override
    public Map<String, String> versions() {
        return Map.of("fake", "1");
    }

    @Override
    public void ensureTenant(String tenant, String site) {
        routing.addTenant(tenant, site);
    }

    @Override
    public void close() {
        // Nothing was started.
    }
}
