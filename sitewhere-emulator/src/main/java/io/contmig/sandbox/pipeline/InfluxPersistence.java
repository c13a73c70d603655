package io.contmig.sandbox.pipeline;

import io.contmig.sandbox.routing.SandboxRouting;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.target.Store;
import io.contmig.target.WriteBlockedException;
import io.contmig.target.WriteGate;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Writes a tenant's points to InfluxDB on the site serving its {@code INFLUXDB} store now (resolved per batch, so
 * a switch takes effect on the next batch), through its write gate, and — while a dual write runs — to the second
 * site too. Both writes must succeed; otherwise the batch fails and is retried by the caller (rewriting the same
 * points is harmless in InfluxDB: same series and time). Thread-safe.
 */
final class InfluxPersistence {

    private final String tenant;
    private final String database;
    private final SandboxRouting routing;
    private final Duration timeout;

    /** Writes whose HTTP request fails after {@code timeout}. */
    InfluxPersistence(String tenant, String database, SandboxRouting routing, Duration timeout) {
        this.tenant = tenant;
        this.database = database;
        this.routing = routing;
        this.timeout = timeout;
    }

    /** Writes {@code lines} as seen from a stage on site {@code from}. */
    void write(String from, List<String> lines) throws IOException, WriteBlockedException, InterruptedException {
        if (lines.isEmpty()) {
            return;
        }
        WriteGate gate = routing.gate(tenant, Store.INFLUXDB);
        gate.enter();
        try {
            String site = routing.siteOf(tenant, Store.INFLUXDB);
            InfluxClient.of(routing.endpoints(site, from), timeout).write(database, lines, "ns");
            Optional<String> dual = routing.dualWriteSite(tenant, Store.INFLUXDB);
            if (dual.isPresent() && !dual.get().equals(site)) {
                InfluxClient.of(routing.endpoints(dual.get(), from), timeout).write(database, lines, "ns");
            }
        } finally {
            gate.exit();
        }
    }
}
