package io.contmig.sandbox.routing;

import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import io.contmig.target.WriteGate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The sandbox's {@link TenantRouting}: which site serves each store and the pipeline stage of each tenant, the
 * write gates that hold a tenant's writes during a cutover, and the InfluxDB dual writes.
 *
 * <p>Thread-safe. Readers ({@link #siteOf}) see a tenant's placement as one immutable map replaced atomically;
 * switches of one tenant are serialised. {@link RoutingListener}s (the pipeline) are told synchronously, so a
 * switch has taken effect on the pipeline's clients when {@link #switchSite} returns; a listener's exception is
 * passed on to the caller after the placement was changed.
 */
public final class SandboxRouting implements TenantRouting {

    /** How long {@link #blockWrites} waits at most for writes in flight to finish. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final List<String> sites;
    private final SiteAddresses addresses;
    private final Map<String, Map<Store, String>> placement = new ConcurrentHashMap<>();
    private final Map<String, Object> tenantLocks = new ConcurrentHashMap<>();
    private final Map<String, WriteGate> gates = new ConcurrentHashMap<>();
    private final Map<String, String> dualWrites = new ConcurrentHashMap<>();
    private final List<RoutingListener> listeners = new CopyOnWriteArrayList<>();

    /** A routing over {@code sites} (e.g. {@code [cloud, edge]}) whose addresses come from {@code addresses}. */
    public SandboxRouting(List<String> sites, SiteAddresses addresses) {
        if (sites.isEmpty()) {
            throw new IllegalArgumentException("sites must not be empty");
        }
        this.sites = List.copyOf(sites);
        this.addresses = Objects.requireNonNull(addresses, "addresses");
    }

    /** Adds {@code listener}; it is told of every later switch and Kafka block. */
    public void addListener(RoutingListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Registers {@code tenant} with every store and its pipeline stage on {@code site}; harmless if known. */
    public void addTenant(String tenant, String site) {
        requireSite(site);
        Map<Store, String> all = new HashMap<>();
        for (Store store : Store.WELL_KNOWN) {
            all.put(store, site);
        }
        placement.putIfAbsent(tenant, Map.copyOf(all));
    }

    /**
     * Forgets {@code tenant}: its placement, write gates (a block still held is dropped with its gate) and dual
     * writes; listeners are not told (the caller stops the tenant's pipeline stage first). Harmless if unknown. Used
     * by the sandbox's reset between study trials, when nothing of the tenant runs any more.
     */
    public void removeTenant(String tenant) {
        placement.remove(tenant);
        String prefix = tenant + "/";
        gates.keySet().removeIf(k -> k.startsWith(prefix));
        dualWrites.keySet().removeIf(k -> k.startsWith(prefix));
        tenantLocks.remove(tenant);
    }

    /** Whether {@code tenant} is known. */
    public boolean hasTenant(String tenant) {
        return placement.containsKey(tenant);
    }

    @Override
    public List<String> sites() {
        return sites;
    }

    @Override
    public List<String> tenants() {
        return List.copyOf(new ArrayList<>(placement.keySet()).stream().sorted().toList());
    }

    @Override
    public String siteOf(String tenant, Store store) {
        return placementOf(tenant).get(store);
    }

    @Override
    public SiteEndpoints endpoints(String site, String from) {
        return addresses.endpoints(requireSite(site), requireSite(from));
    }

    /** The gateway MQTT broker's URL as seen from {@code from} (through that site's device link). */
    public String gatewayMqttUrl(String from) {
        return addresses.gatewayMqttUrl(requireSite(from));
    }

    /** The endpoints of the site serving {@code store} of {@code tenant}, as seen from its pipeline stage's site. */
    public SiteEndpoints storeEndpoints(String tenant, Store store) {
        Map<Store, String> now = placementOf(tenant);
        return addresses.endpoints(now.get(store), now.get(Store.PIPELINE));
    }

    /** The gate every write of {@code tenant} to {@code store} passes. */
    public WriteGate gate(String tenant, Store store) {
        placementOf(tenant);
        return gates.computeIfAbsent(tenant + "/" + store.label(), WriteGate::new);
    }

    /** The site that also receives {@code tenant}'s writes to {@code store}, while a dual write runs. */
    public Optional<String> dualWriteSite(String tenant, Store store) {
        return Optional.ofNullable(dualWrites.get(tenant + "/" + store.label()));
    }

    @Override
    public WriteBlock blockWrites(String tenant, Store store, Duration maxWait) throws InterruptedException {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait (" + maxWait + ") must be >= 0");
        }
        WriteGate gate = gate(tenant, store);
        if (store.equals(Store.KAFKA)) {
            // Consumers first: each finishes and commits its batch (its own writes still pass the open gate), then
            // pauses; only then is the gate closed, so pausing never waits for a blocked write to time out.
            try {
                for (RoutingListener listener : listeners) {
                    listener.pauseKafkaConsumers(tenant);
                }
            } catch (InterruptedException | RuntimeException e) {
                listeners.forEach(l -> l.resumeKafkaConsumers(tenant));
                throw e;
            }
        }
        WriteBlock held;
        try {
            held = gate.block(maxWait, DRAIN_TIMEOUT);
        } catch (InterruptedException | RuntimeException e) {
            if (store.equals(Store.KAFKA)) {
                listeners.forEach(l -> l.resumeKafkaConsumers(tenant));
            }
            throw e;
        }
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                held.close();
                if (store.equals(Store.KAFKA)) {
                    for (RoutingListener listener : listeners) {
                        listener.resumeKafkaConsumers(tenant);
                    }
                }
            }
        };
    }

    @Override
    public void startDualWrite(String tenant, Store store, String site) {
        placementOf(tenant);
        requireSite(site);
        if (!store.equals(Store.INFLUXDB)) {
            throw new UnsupportedOperationException("dual write of store " + store.label()
                    + " is not supported by the sandbox (only influxdb)");
        }
        dualWrites.put(tenant + "/" + store.label(), site);
    }

    @Override
    public void stopDualWrite(String tenant, Store store) {
        dualWrites.remove(tenant + "/" + store.label());
    }

    @Override
    public void switchSite(String tenant, Store store, String site) {
        requireSite(site);
        synchronized (tenantLocks.computeIfAbsent(tenant, t -> new Object())) {
            Map<Store, String> before = placementOf(tenant);
            String from = before.get(store);
            if (from.equals(site)) {
                return;
            }
            Map<Store, String> after = new HashMap<>(before);
            after.put(store, site);
            placement.put(tenant, Map.copyOf(after));
            try {
                for (RoutingListener listener : listeners) {
                    listener.switched(tenant, store, from, site);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while switching " + tenant + "/" + store.label(), e);
            }
        }
    }

    private Map<Store, String> placementOf(String tenant) {
        Map<Store, String> now = placement.get(tenant);
        if (now == null) {
            throw new IllegalArgumentException("tenant (" + tenant + ") is unknown (known: " + tenants() + ")");
        }
        return now;
    }

    private String requireSite(String site) {
        if (!sites.contains(site)) {
            throw new IllegalArgumentException("site (" + site + ") is unknown (expected one of: "
                    + String.join(", ", sites) + ")");
        }
        return site;
    }
}
