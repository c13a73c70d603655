package io.contmig.sandbox;

import io.contmig.servers.DelayProxy;
import io.contmig.servers.FreePorts;
import io.contmig.servers.KafkaCluster;
import io.contmig.servers.KafkaServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sandbox's {@code kafka: stretched} topology: one KRaft cluster with a broker at each site (node 1 at the first
 * site is also the single controller), each broker naming its site in {@code broker.rack}. Every cross-site byte
 * crosses the emulated WAN:
 * <ul>
 *   <li>clients: each broker has one listener per client site, named after it ({@code CLOUD}, {@code EDGE}); a
 *       client bootstraps at its own site's broker on its site's listener, whose metadata advertises the other
 *       site's broker behind a {@link DelayProxy} — so a client follows a leader to the other site through the WAN;</li>
 *   <li>replication: the inter-broker listener {@code BROKER} is advertised through a proxy on every broker, so
 *       every follower fetch (and so every partition reassignment) pays the WAN.</li>
 * </ul>
 * The KRaft controller traffic (metadata, heartbeats) stays direct: it is not the tenant's data, and a static voter
 * address behind a proxy would differ between nodes. Proxies are started at construction (before the brokers, whose
 * advertised ports they are); {@link #proxies} hands them to the sandbox's edge↔cloud link.
 *
 * <p>Not thread-safe: built and closed by the {@link Sandbox}; the cluster itself is.
 */
final class StretchedKafka {

    private static final String BROKER_LISTENER = "BROKER";

    private final KafkaCluster cluster;
    private final List<String> sites;
    private final Map<String, Map<String, Integer>> clientPorts = new LinkedHashMap<>();
    private final List<DelayProxy> proxies = new ArrayList<>();

    /** A cluster with one broker per site of {@code sites} (node {@code i+1} at {@code sites[i]}). */
    StretchedKafka(List<String> sites, Path dir, Path runDir, String heap, Duration edgeToCloud) {
        this.sites = List.copyOf(sites);
        Map<Integer, KafkaServer.Options> perNode = new LinkedHashMap<>();
        try {
            for (int i = 0; i < sites.size(); i++) {
                String site = sites.get(i);
                int nodeId = i + 1;
                KafkaServer.Options o = KafkaServer.Options.defaults("kafka-stretched", dir);
                Map<String, Integer> ports = new LinkedHashMap<>();
                for (String clientSite : sites) {
                    int port = FreePorts.next();
                    ports.put(clientSite, port);
                    String advertised = clientSite.equals(site) ? "127.0.0.1:" + port : viaWan(port, edgeToCloud);
                    o = o.withExtraListener(listener(clientSite), port, advertised);
                }
                int brokerPort = FreePorts.next();
                o = o.withExtraListener(BROKER_LISTENER, brokerPort, viaWan(brokerPort, edgeToCloud))
                        .withSetting("inter.broker.listener.name", BROKER_LISTENER)
                        .withSetting("broker.rack", site);
                clientPorts.put(site, ports);
                perNode.put(nodeId, o);
            }
        } catch (RuntimeException e) {
            proxies.forEach(DelayProxy::close);
            throw e;
        }
        this.cluster = new KafkaCluster(KafkaServer.Options.defaults("kafka-stretched", dir).withRunDir(runDir)
                .withMaxHeap(heap), sites.size(), (id, node) -> {
                    KafkaServer.Options wanted = perNode.get(id);
                    KafkaServer.Options o = node;
                    for (KafkaServer.ExtraListener l : wanted.extraListeners()) {
                        o = o.withExtraListener(l.name(), l.port(), l.advertisedHostPort());
                    }
                    for (var setting : wanted.settings().entrySet()) {
                        o = o.withSetting(setting.getKey(), setting.getValue());
                    }
                    return o;
                });
    }

    private String viaWan(int port, Duration delay) {
        DelayProxy proxy = DelayProxy.start(port, delay);
        proxies.add(proxy);
        return "127.0.0.1:" + proxy.port();
    }

    private static String listener(String site) {
        return site.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /** The cluster (a {@link io.contmig.servers.ManagedServer}: starts its nodes in parallel, stops brokers first). */
    KafkaCluster cluster() {
        return cluster;
    }

    /** The broker at {@code site}. */
    KafkaServer node(String site) {
        return cluster.nodes().get(sites.indexOf(site));
    }

    /** The broker id at {@code site} (its {@code broker.rack}). */
    int nodeId(String site) {
        return node(site).nodeId();
    }

    /** Where a client at {@code from} bootstraps: its own site's broker, on its site's listener. */
    String bootstrapFrom(String from) {
        return "127.0.0.1:" + clientPorts.get(from).get(from);
    }

    /** The WAN proxies (cross-site client listeners and the inter-broker listener of every broker). */
    List<DelayProxy> proxies() {
        return List.copyOf(proxies);
    }
}
