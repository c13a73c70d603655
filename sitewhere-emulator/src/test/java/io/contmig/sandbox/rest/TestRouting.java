package io.contmig.sandbox.rest;

import io.contmig.sandbox.devices.TestSites;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small in-test {@link TenantRouting} over real test sites (no WAN), with a {@link WriteAdmission} that honours
 * {@link #blockWrites}: blocked writers wait up to the block's {@code maxWait}, then are refused.
 */
final class TestRouting implements TenantRouting, WriteAdmission {

    private final TestSites servers;
    private final List<String> sites;
    private final Map<String, Map<Store, String>> placement = new ConcurrentHashMap<>();
    private final Map<String, String> dualWrites = new ConcurrentHashMap<>();
    private final Map<String, Duration> blocked = new ConcurrentHashMap<>();
    private int waiting;

    TestRouting(TestSites servers, List<String> sites) {
        this.servers = servers;
        this.sites = List.copyOf(sites);
    }

    void addTenant(String tenant, String site) {
        Map<Store, String> all = new HashMap<>();
        for (Store store : Store.WELL_KNOWN) {
            all.put(store, site);
        }
        placement.put(tenant, all);
    }

    @Override
    public List<String> sites() {
        return sites;
    }

    @Override
    public List<String> tenants() {
        return placement.keySet().stream().sorted().toList();
    }

    @Override
    public String siteOf(String tenant, Store store) {
        return placement.get(tenant).get(store);
    }

    @Override
    public SiteEndpoints endpoints(String site, String from) {
        return servers.endpoints(site);
    }

    @Override
    public WriteBlock blockWrites(String tenant, Store store, Duration maxWait) {
        String key = tenant + "/" + store.label();
        synchronized (this) {
            blocked.put(key, maxWait);
        }
        return () -> {
            synchronized (this) {
                blocked.remove(key);
                notifyAll();
            }
        };
    }

    @Override
    public void startDualWrite(String tenant, Store store, String site) {
        dualWrites.put(tenant + "/" + store.label(), site);
    }

    @Override
    public void stopDualWrite(String tenant, Store store) {
        dualWrites.remove(tenant + "/" + store.label());
    }

    @Override
    public void switchSite(String tenant, Store store, String site) {
        placement.get(tenant).put(store, site);
    }

    /** Writers waiting at a block now. */
    synchronized int waiting() {
        return waiting;
    }

    @Override
    public WritePermit admit(String tenant, Store store) throws Exception {
        String key = tenant + "/" + store.label();
        synchronized (this) {
            Duration maxWait = blocked.get(key);
            if (maxWait != null) {
                long deadline = System.nanoTime() + maxWait.toNanos();
                waiting++;
                try {
                    while (blocked.containsKey(key)) {
                        long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
                        if (leftMillis <= 0) {
                            throw new IllegalStateException(key + ": writes blocked for more than "
                                    + maxWait.toMillis() + " ms");
                        }
                        wait(leftMillis);
                    }
                } finally {
                    waiting--;
                }
            }
        }
        List<String> targets = new ArrayList<>(List.of(siteOf(tenant, store)));
        String dual = dualWrites.get(key);
        if (dual != null && !targets.contains(dual)) {
            targets.add(dual);
        }
        return new WritePermit(targets, () -> { });
    }
}
