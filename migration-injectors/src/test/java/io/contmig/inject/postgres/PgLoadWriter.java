package io.contmig.inject.postgres;

import io.contmig.inject.SimpleTenantRouting;
import io.contmig.target.WriteBlockedException;
import io.contmig.target.Store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A tenant's writer for tests: inserts measurements and updates devices through the routing (one write per
 * permit, honouring write blocks), remembering every acknowledged write so that a test can check none was lost
 * on whichever site serves the tenant afterwards. One thread; {@link #close()} stops it.
 */
final class PgLoadWriter implements AutoCloseable {

    private final SimpleTenantRouting routing;
    private final String tenant;
    private final Map<String, PgServer> sites;
    private final long pauseNanos;
    private final int devices;
    private final Thread thread;
    private volatile boolean running = true;

    /** Acknowledged inserts: measurement id → value. */
    final Map<Long, Double> inserted = new ConcurrentHashMap<>();
    /** Acknowledged updates: device id → comments last written. */
    final Map<Long, String> updated = new ConcurrentHashMap<>();
    final AtomicLong blockedFailures = new AtomicLong();
    final AtomicLong otherFailures = new AtomicLong();
    final AtomicLong maxWriteNanos = new AtomicLong();
    volatile String lastFailure = "";

    PgLoadWriter(SimpleTenantRouting routing, String tenant, int devices, long writesPerSecond) {
        this.routing = routing;
        this.tenant = tenant;
        this.devices = devices;
        this.pauseNanos = 1_000_000_000L / writesPerSecond;
        this.sites = new HashMap<>();
        for (String site : routing.sites()) {
            sites.put(site, new PgServer(routing.endpoints(site, site)));
        }
        thread = new Thread(this::run, "pg-load-" + tenant);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Map<String, Connection> connections = new HashMap<>();
        Random random = new Random(7);
        long n = 0;
        while (running) {
            long start = System.nanoTime();
            n++;
            try (SimpleTenantRouting.WritePermit permit = routing.beginWrite(tenant, Store.POSTGRESQL)) {
                Connection c = connections.get(permit.site());
                if (c == null || c.isClosed()) {
                    c = sites.get(permit.site()).connect("tenant_" + tenant);
                    connections.put(permit.site(), c);
                }
                if (n % 4 == 0) {
                    long device = 1 + random.nextInt(devices);
                    String comment = "upd-" + n;
                    try (PreparedStatement ps = c.prepareStatement(
                            "UPDATE devicemanagement.device SET comments = ? WHERE id = ?")) {
                        ps.setString(1, comment);
                        ps.setLong(2, device);
                        ps.executeUpdate();
                    }
                    updated.put(device, comment);
                } else {
                    double value = n + 0.5;
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO devicemanagement.measurement"
                            + " (device_id, name, value, event_date, seq) VALUES (?, 'temp', ?, now(), ?) RETURNING id")) {
                        ps.setLong(1, 1 + random.nextInt(devices));
                        ps.setDouble(2, value);
                        ps.setLong(3, n);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            inserted.put(rs.getLong(1), value);
                        }
                    }
                }
            } catch (WriteBlockedException e) {
                blockedFailures.incrementAndGet();
                lastFailure = e.getMessage();
            } catch (SQLException | RuntimeException e) {
                otherFailures.incrementAndGet();
                lastFailure = e.getMessage();
                connections.values().forEach(PgLoadWriter::closeQuietly);
                connections.clear();
            } catch (InterruptedException e) {
                break;
            }
            maxWriteNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
            long due = start + pauseNanos - System.nanoTime();
            if (due > 0) {
                LockSupport.parkNanos(due); // pacing of the open-loop writer, not a wait for a condition
            }
        }
        connections.values().forEach(PgLoadWriter::closeQuietly);
    }

    long writes() {
        return inserted.size() + updated.size();
    }

    /** Checks every acknowledged write on {@code site}; returns how many are missing or stale. */
    long missingOn(String site) throws SQLException {
        long missing = 0;
        try (Connection c = sites.get(site).connect("tenant_" + tenant);
             PreparedStatement m = c.prepareStatement("SELECT value FROM devicemanagement.measurement WHERE id = ?");
             PreparedStatement d = c.prepareStatement("SELECT comments FROM devicemanagement.device WHERE id = ?")) {
            for (Map.Entry<Long, Double> e : inserted.entrySet()) {
                m.setLong(1, e.getKey());
                try (ResultSet rs = m.executeQuery()) {
                    if (!rs.next() || rs.getDouble(1) != e.getValue()) {
                        missing++;
                    }
                }
            }
            for (Map.Entry<Long, String> e : updated.entrySet()) {
                d.setLong(1, e.getKey());
                try (ResultSet rs = d.executeQuery()) {
                    if (!rs.next() || !e.getValue().equals(rs.getString(1))) {
                        missing++;
                    }
                }
            }
        }
        return missing;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // Closing a broken connection: nothing to release.
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(30_000);
    }
}
