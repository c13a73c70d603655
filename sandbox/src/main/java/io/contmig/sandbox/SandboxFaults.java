package io.contmig.sandbox;

import io.contmig.plan.FaultKind;
import io.contmig.plan.PlannedFault;
import io.contmig.servers.DelayProxy;
import io.contmig.servers.ManagedServer;
import io.contmig.servers.ProcessServer;
import io.contmig.target.FaultControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's nemesis: breaks its WAN links and servers for fault injections, and heals them.
 * <ul>
 *   <li>{@code partition}: every proxy of the link resets its connections and refuses new ones
 *       ({@link DelayProxy#partition()}); heal: they relay again.</li>
 *   <li>{@code delay}: every proxy of the link gets the new one-way delay and/or bandwidth; heal: each proxy's
 *       values from before the fault.</li>
 *   <li>{@code kill}: SIGKILL of the server and its worker processes ({@link ProcessServer#crash()}); heal: a restart
 *       on its data, returning once it answers a real request.</li>
 *   <li>{@code pause}: SIGSTOP of the server's processes; heal: SIGCONT.</li>
 *   <li>{@code site-outage}: every server of the site killed; heal: all restarted in parallel.</li>
 * </ul>
 * Thread-safe as far as the proxies and servers are (they are); two faults on the same link or server at once heal
 * in the order they end, each restoring what it saw when it started.
 */
final class SandboxFaults implements FaultControl {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxFaults.class);

    private final Map<Sandbox.Link, List<DelayProxy>> links;
    private final Map<String, Site> sites;
    private final Duration startTimeout;

    SandboxFaults(Map<Sandbox.Link, List<DelayProxy>> links, Map<String, Site> sites, Duration startTimeout) {
        this.links = links;
        this.sites = sites;
        this.startTimeout = startTimeout;
    }

    @Override
    public Heal start(PlannedFault fault) {
        LOG.info("fault {} on {} for {}", fault.kind().label(), fault.target(), fault.duration());
        switch (fault.kind()) {
            case PARTITION -> {
                List<DelayProxy> proxies = proxies(fault.target());
                proxies.forEach(DelayProxy::partition);
                return () -> proxies.forEach(DelayProxy::healPartition);
            }
            case DELAY -> {
                return delay(proxies(fault.target()), fault);
            }
            case KILL -> {
                ProcessServer server = server(fault.site(), fault.server());
                server.crash();
                return server::start;
            }
            case PAUSE -> {
                ProcessServer server = server(fault.site(), fault.server());
                server.pause();
                return server::resume;
            }
            case SITE_OUTAGE -> {
                List<ManagedServer> servers = site(fault.target()).servers();
                servers.forEach(s -> ((ProcessServer) s).crash());
                return () -> ParallelStart.startAll(servers, startTimeout);
            }
            default -> throw new IllegalArgumentException("fault kind " + fault.kind() + " is not supported");
        }
    }

    private static Heal delay(List<DelayProxy> proxies, PlannedFault fault) {
        List<long[]> before = new ArrayList<>();
        for (DelayProxy p : proxies) {
            before.add(new long[]{p.delay(DelayProxy.Direction.CLIENT_TO_TARGET).toNanos(),
                    p.delay(DelayProxy.Direction.TARGET_TO_CLIENT).toNanos(),
                    p.bandwidth(DelayProxy.Direction.CLIENT_TO_TARGET), p.bandwidth(DelayProxy.Direction.TARGET_TO_CLIENT)});
            fault.delay().ifPresent(p::setDelays);
            fault.bandwidthMbit().ifPresent(mbit -> {
                long bytesPerSecond = Math.round(mbit * 1_000_000 / 8);
                p.setBandwidth(DelayProxy.Direction.CLIENT_TO_TARGET, bytesPerSecond);
                p.setBandwidth(DelayProxy.Direction.TARGET_TO_CLIENT, bytesPerSecond);
            });
        }
        return () -> {
            for (int i = 0; i < proxies.size(); i++) {
                DelayProxy p = proxies.get(i);
                long[] b = before.get(i);
                p.setDelay(DelayProxy.Direction.CLIENT_TO_TARGET, Duration.ofNanos(b[0]));
                p.setDelay(DelayProxy.Direction.TARGET_TO_CLIENT, Duration.ofNanos(b[1]));
                p.setBandwidth(DelayProxy.Direction.CLIENT_TO_TARGET, b[2]);
                p.setBandwidth(DelayProxy.Direction.TARGET_TO_CLIENT, b[3]);
            }
        };
    }

    /** The proxies of a link named as in scenarios ({@link FaultKind#LINKS}). */
    private List<DelayProxy> proxies(String link) {
        Sandbox.Link l = switch (link) {
            case "devicesToEdge" -> Sandbox.Link.DEVICES_EDGE;
            case "devicesToCloud" -> Sandbox.Link.DEVICES_CLOUD;
            case "edgeToCloud" -> Sandbox.Link.EDGE_CLOUD;
            default -> throw new IllegalArgumentException("link (" + link + ") is unknown (expected one of: "
                    + String.join(", ", FaultKind.LINKS) + ")");
        };
        return List.copyOf(links.getOrDefault(l, List.of()));
    }

    private Site site(String name) {
        Site s = sites.get(name);
        if (s == null) {
            throw new IllegalArgumentException("site (" + name + ") is unknown (expected one of: "
                    + String.join(", ", sites.keySet()) + ")");
        }
        return s;
    }

    /** A server of a site named as in scenarios ({@link FaultKind#SERVERS}). */
    private ProcessServer server(String site, String server) {
        Site s = site(site);
        return switch (server) {
            case "postgres" -> s.postgres();
            case "kafka" -> s.kafka();
            case "influx" -> s.influx();
            case "mqtt" -> s.mqtt();
            default -> throw new IllegalArgumentException("server (" + server + ") is unknown (expected one of: "
                    + String.join(", ", FaultKind.SERVERS) + ")");
        };
    }
}
