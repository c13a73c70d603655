package io.contmig.inject;

import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An in-memory {@link TenantRouting} over a fixed set of sites: where each tenant's stores live, a real write
 * block, dual-write flags and the switch. For tests and for driving a real deployment whose clients ask it where
 * to write: clients wrap every write in {@link #beginWrite} / {@link WritePermit#close()}, write to
 * {@link WritePermit#site()}, and also to {@link WritePermit#dualWriteSite()} when present.
 *
 * <p>Thread-safe. A write block waits for writes in flight to finish (at most its {@code maxWait}); writers
 * arriving during a block wait for it to end, at most its {@code maxWait}, then fail with
 * {@link WriteBlockedException}. The longest block held per tenant and store is recorded
 * ({@link #longestBlock}), so measurements can report how long writes were stopped.
 */
public final class SimpleTenantRouting implements TenantRouting {

    private record Key(String tenant, Store store) { }

    private record Route(String site, String from) { }

    private final Map<String, SiteEndpoints> local;
    private final Map<Route, SiteEndpoints> crossSite = new ConcurrentHashMap<>();
    private final Map<String, Map<Store, String>> placement = new ConcurrentHashMap<>();
    private final Map<Key, Gate> gates = new ConcurrentHashMap<>();
    private final Map<Key, String> dualWrites = new ConcurrentHashMap<>();

    /** Sites and their own endpoints (as seen from the site itself); cross-site routes default to the same. */
    public SimpleTenantRouting(Map<String, SiteEndpoints> localEndpoints) {
        if (localEndpoints.size() < 2) {
            throw new IllegalArgumentException("localEndpoints needs at least two sites, got " + localEndpoints.keySet());
        }
        localEndpoints.forEach((site, e) -> {
            if (!site.equals(e.site())) {
                throw new IllegalArgumentException("localEndpoints: key '" + site + "' holds endpoints of site '" + e.site() + "'");
            }
        });
        this.local = Map.copyOf(localEndpoints);
    }

    /** Makes {@code endpoints} the way to reach {@code site} from site {@code from}, e.g. through a WAN delay proxy. */
    public SimpleTenantRouting viaWan(String site, String from, SiteEndpoints endpoints) {
        requireSite("site", site);
        requireSite("from", from);
        crossSite.put(new Route(site, from), Objects.requireNonNull(endpoints, "endpoints"));
        return this;
    }

    /** Adds (or replaces) {@code tenant} with every store and its pipeline stage on {@code site}. */
    public SimpleTenantRouting addTenant(String tenant, String site) {
        requireSite("site", site);
        if (!InjectionSpec.TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("tenant '" + tenant + "' must match " + InjectionSpec.TENANT.pattern());
        }
        Map<Store, String> stores = new ConcurrentHashMap<>();
        for (Store s : Store.WELL_KNOWN) {
            stores.put(s, site);
        }
        placement.put(tenant, stores);
        return this;
    }

    @Override
    public List<String> sites() {
        return local.keySet().stream().sorted().toList();
    }

    @Override
    public List<String> tenants() {
        return placement.keySet().stream().sorted().toList();
    }

    @Override
    public String siteOf(String tenant, Store store) {
        // A store no target knows (one a new injector brings) starts where the tenant's database is.
        Map<Store, String> stores = stores(tenant);
        return stores.computeIfAbsent(Objects.requireNonNull(store, "store"), s -> stores.get(Store.POSTGRESQL));
    }

    @Override
    public SiteEndpoints endpoints(String site, String from) {
        requireSite("site", site);
        requireSite("from", from);
        return crossSite.getOrDefault(new Route(site, from), local.get(site));
    }

    @Override
    public WriteBlock blockWrites(String tenant, Store store, Duration maxWait) throws InterruptedException {
        stores(tenant);
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative() || maxWait.isZero()) {
            throw new IllegalArgumentException("maxWait (" + maxWait + ") must be > 0");
        }
        Gate gate = gate(tenant, store);
        gate.block(maxWait);
        long since = System.nanoTime();
        AtomicBoolean open = new AtomicBoolean(true);
        return () -> {
            if (open.compareAndSet(true, false)) {
                gate.unblock(System.nanoTime() - since);
            }
        };
    }

    @Override
    public void startDualWrite(String tenant, Store store, String site) {
        stores(tenant);
        requireSite("site", site);
        dualWrites.put(new Key(tenant, store), site);
    }

    @Override
    public void stopDualWrite(String tenant, Store store) {
        dualWrites.remove(new Key(tenant, store));
    }

    @Override
    public void switchSite(String tenant, Store store, String site) {
        requireSite("site", site);
        stores(tenant).put(store, site);
    }

    /**
     * Enters one write of {@code tenant} to {@code store}: waits while a block holds (at most the block's
     * {@code maxWait}, then throws {@link WriteBlockedException}). The permit names the site to write to and must
     * be closed when the write is done (committed or failed).
     */
    public WritePermit beginWrite(String tenant, Store store) throws InterruptedException {
        stores(tenant);
        Gate gate = gate(tenant, store);
        gate.enter(tenant, store);
        // Read after entering: a switch happens under a block, so this site cannot change while the permit is held.
        return new WritePermit(gate, siteOf(tenant, store), Optional.ofNullable(dualWrites.get(new Key(tenant, store))));
    }

    /** The longest write block held so far on {@code tenant}'s {@code store} (zero when none). */
    public Duration longestBlock(String tenant, Store store) {
        return Duration.ofNanos(gate(tenant, store).longestBlockNanos());
    }

    /** The dual-write target of {@code tenant}'s {@code store}, if one is running. */
    public Optional<String> dualWriteSite(String tenant, Store store) {
        return Optional.ofNullable(dualWrites.get(new Key(tenant, store)));
    }

    private Map<Store, String> stores(String tenant) {
        Map<Store, String> stores = placement.get(Objects.requireNonNull(tenant, "tenant"));
        if (stores == null) {
            throw new IllegalArgumentException("unknown tenant '" + tenant + "' (known: " + tenants() + ")");
        }
        return stores;
    }

    private Gate gate(String tenant, Store store) {
        return gates.computeIfAbsent(new Key(tenant, Objects.requireNonNull(store, "store")), k -> new Gate());
    }

    private void requireSite(String field, String site) {
        if (!local.containsKey(site)) {
            throw new IllegalArgumentException(field + ": unknown site '" + site + "' (known: " + sites() + ")");
        }
    }

    /** One write in progress; closing it (once) lets a pending block proceed. */
    public static final class WritePermit implements AutoCloseable {
        private final Gate gate;
        private final String site;
        private final Optional<String> dualWriteSite;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private WritePermit(Gate gate, String site, Optional<String> dualWriteSite) {
            this.gate = gate;
            this.site = site;
            this.dualWriteSite = dualWriteSite;
        }

        /** The site serving the tenant's store for this write. */
        public String site() {
            return site;
        }

        /** A second site to write to as well, while a dual write runs. */
        public Optional<String> dualWriteSite() {
            return dualWriteSite;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                gate.exit();
            }
        }
    }

    /** The per-tenant-and-store monitor: writes in flight, blocks held, and how long writers may wait. */
    private static final class Gate {
        private int inFlight;
        private int blocks;
        private long maxWaitNanos;
        private long longestBlockNanos;

        synchronized void enter(String tenant, Store store) throws InterruptedException {
            if (blocks > 0) {
                long deadline = System.nanoTime() + maxWaitNanos;
                while (blocks > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new WriteBlockedException("write of tenant '" + tenant + "' to " + store.label()
                                + " still blocked after " + Duration.ofNanos(maxWaitNanos).toMillis() + " ms");
                    }
                    wait(Math.max(1, left / 1_000_000));
                }
            }
            inFlight++;
        }

        synchronized void exit() {
            inFlight--;
            notifyAll();
        }

        synchronized void block(Duration maxWait) throws InterruptedException {
            blocks++;
            maxWaitNanos = maxWait.toNanos();
            long deadline = System.nanoTime() + maxWaitNanos;
            try {
                while (inFlight > 0) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException(inFlight + " write(s) still in flight after "
                                + maxWait.toMillis() + " ms; block not taken");
                    }
                    wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException | RuntimeException e) {
                blocks--;
                notifyAll();
                throw e;
            }
        }

        synchronized void unblock(long heldNanos) {
            blocks--;
            longestBlockNanos = Math.max(longestBlockNanos, heldNanos);
            notifyAll();
        }

        synchronized long longestBlockNanos() {
            return longestBlockNanos;
        }
    }
}
