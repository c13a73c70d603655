package io.contmig.inject.influx;

import io.contmig.inject.SimpleTenantRouting;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.target.Store;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tests' concurrent writer of one tenant's points in SiteWhere's layout ({@code events}, tags {@code type},
 * {@code device}, {@code assignment}; fields {@code eid}, {@code mxname}, {@code mxvalue}, {@code rcvdate},
 * {@code meta:seq}, {@code meta:precision}), through the routing like the platform: each batch takes a write permit
 * (so it honours blocks), goes to the serving site and, during a dual write, to the second site too. Points the
 * serving site acknowledged are remembered as {@code device#seq}. One writer thread; the counters are thread-safe.
 */
final class InfluxLoadWriter implements AutoCloseable {

    private final SimpleTenantRouting routing;
    private final Map<String, InfluxClient> sites;
    private final String tenant;
    private final int devices;
    private final double pointsPerSecond;
    private final long[] seq;
    private final long[] lastMillis;
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final AtomicLong failedWrites = new AtomicLong();
    private final AtomicLong failedDualWrites = new AtomicLong();
    private final Thread thread;
    private volatile boolean running;
    private int nextDevice;

    InfluxLoadWriter(SimpleTenantRouting routing, Map<String, InfluxClient> sites, String tenant, int devices,
                     double pointsPerSecond) {
        this.routing = routing;
        this.sites = sites;
        this.tenant = tenant;
        this.devices = devices;
        this.pointsPerSecond = pointsPerSecond;
        this.seq = new long[devices];
        this.lastMillis = new long[devices];
        this.thread = new Thread(this::loop, "influx-writer-" + tenant);
        thread.setDaemon(true);
    }

    static String database(String tenant) {
        return "tenant_" + tenant;
    }

    /**
     * Writes {@code points} historical points spread over the {@code span} before now straight to {@code site}, in
     * requests of 5,000 lines one after the other (what {@code influx -import} does); returns how long the writes
     * took, line generation excluded — the plain-write reference of the benches.
     */
    Duration seed(String site, int points, Duration span) throws IOException {
        long now = System.currentTimeMillis();
        long step = Math.max(1, span.toMillis() / Math.max(1, points / devices));
        List<String> lines = new ArrayList<>(points);
        List<String> keys = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            int d = i % devices;
            long t = now - span.toMillis() + (i / devices) * step;
            lastMillis[d] = Math.max(lastMillis[d], t);
            lines.add(line(d, ++seq[d], t));
            keys.add("dev-" + d + "#" + seq[d]);
        }
        long start = System.nanoTime();
        for (int i = 0; i < lines.size(); i += 5000) {
            sites.get(site).write(database(tenant), lines.subList(i, Math.min(lines.size(), i + 5000)), "ms");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        acked.addAll(keys);
        return took;
    }

    void start() {
        running = true;
        thread.start();
    }

    private void loop() {
        long start = System.nanoTime();
        long sent = 0;
        while (running) {
            long due = (long) ((System.nanoTime() - start) / 1e9 * pointsPerSecond) - sent;
            if (due <= 0) {
                try {
                    Thread.sleep(5); // pacing of an open-loop writer
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            int n = (int) Math.min(due, 500);
            sent += n;
            List<String> lines = new ArrayList<>(n);
            List<String> keys = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int d = nextDevice;
                nextDevice = (nextDevice + 1) % devices;
                long t = Math.max(System.currentTimeMillis(), lastMillis[d] + 1);
                lastMillis[d] = t;
                lines.add(line(d, ++seq[d], t));
                keys.add("dev-" + d + "#" + seq[d]);
            }
            try (var permit = routing.beginWrite(tenant, Store.INFLUXDB)) {
                sites.get(permit.site()).write(database(tenant), lines, "ms");
                acked.addAll(keys);
                if (permit.dualWriteSite().isPresent()) {
                    try {
                        sites.get(permit.dualWriteSite().get()).write(database(tenant), lines, "ms");
                    } catch (IOException e) {
                        failedDualWrites.incrementAndGet();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                failedWrites.incrementAndGet();
            }
        }
    }

    private String line(int d, long s, long millis) {
        double value = 20 + (s % 100) / 10.0 + d;
        return String.format(Locale.ROOT, "events,assignment=asg-%d,device=dev-%d,type=Measurement "
                        + "eid=\"%s\",mxname=\"temp\",mxvalue=%s,rcvdate=\"%s\",meta:seq=\"%d\",meta:precision=\"ms\" %d",
                d, d, UUID.randomUUID(), Double.toString(value), Instant.ofEpochMilli(millis), s, millis);
    }

    /** {@code device#seq} of every point the serving site acknowledged. */
    Set<String> acked() {
        return Set.copyOf(acked);
    }

    long failedWrites() {
        return failedWrites.get();
    }

    long failedDualWrites() {
        return failedDualWrites.get();
    }

    /** {@code device#seq} of every point in the tenant database at {@code site}. */
    Set<String> stored(String site) throws IOException {
        Set<String> stored = ConcurrentHashMap.newKeySet();
        sites.get(site).stream(database(tenant), "SELECT \"meta:seq\", \"device\" FROM \"events\"", 10_000, series -> {
            for (var row : series.path("values")) {
                stored.add(row.path(2).asText() + "#" + row.path(1).asText());
            }
        });
        return stored;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
    }
}
