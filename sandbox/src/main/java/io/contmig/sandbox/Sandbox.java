package io.contmig.sandbox;

import io.contmig.plan.SandboxTarget;
import io.contmig.plan.WanDelays;
import io.contmig.sandbox.devices.DeviceManagementSchema;
import io.contmig.sandbox.pipeline.KafkaClients;
import io.contmig.sandbox.pipeline.Pipeline;
import io.contmig.sitewhere.SiteWhereNames;
import io.contmig.sandbox.rest.SiteWhereRestServer;
import io.contmig.sandbox.rest.WriteAdmission;
import io.contmig.sandbox.routing.SandboxRouting;
import io.contmig.sandbox.routing.SiteAddresses;
import io.contmig.servers.DelayProxy;
import io.contmig.servers.FreePorts;
import io.contmig.servers.InfluxServer;
import io.contmig.servers.KafkaServer;
import io.contmig.servers.ManagedServer;
import io.contmig.servers.MosquittoServer;
import io.contmig.servers.PidFiles;
import io.contmig.servers.PostgresServer;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.target.FaultControl;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The embedded two-site sandbox: sites {@code cloud} and {@code edge}, each with its own PostgreSQL, Kafka, InfluxDB
 * and Mosquitto, plus the gateway Mosquitto on the devices' side; the emulated WAN between them ({@link DelayProxy}s:
 * devices↔edge, devices↔cloud, edge↔cloud); the tenant routing; the SiteWhere-compatible pipeline; and the
 * SiteWhere REST API (reached through the devices↔cloud link).
 *
 * <p>Lifecycle: {@link #start} cleans leftovers of a killed run (pid files under {@code <workDir>/run}), starts every
 * server in parallel and waits until each answers a real request, then creates tenant {@code default} on
 * {@code cloud}. {@link #close} (also run by a JVM shutdown hook) stops the pipeline, the REST API, the proxies and
 * every server; it is idempotent. A failed start stops whatever was started and throws one message naming the
 * server and its log.
 *
 * <p>The parallel start of the servers is {@link ParallelStart}'s, the writing of {@code sandbox.json}
 * {@link SandboxJson}'s, the stretched Kafka's listeners {@link StretchedKafka}'s; what stays here is the wiring of
 * sites, WAN links, routing, pipeline and REST API, which share the sandbox's state, and the reset between study
 * trials ({@link #resetToStart}, {@link #verifyStart}; their work is {@link SandboxReset}'s) — about 560 lines:
 * splitting the wiring would only pass that state around.
 *
 * <p>Kafka ({@link SandboxSettings#kafka}): {@code per-site}, a single-node cluster per site, the other site's
 * clients reaching it through its WAN listener; or {@code stretched}, one cluster with a broker per site, each
 * tenant's partitions on its site's broker.
 *
 * <p>Thread-safe: tenant creation is serialised; {@link #setDelay} may be called at any time.
 */
public final class Sandbox implements AutoCloseable {

    /** The sandbox's sites. */
    public static final List<String> SITES = List.of("cloud", "edge");

    /** The emulated WAN links, each a set of delay proxies sharing one one-way delay. */
    public enum Link {
        /** Devices (the gateway broker, API clients) ↔ the edge site. */
        DEVICES_EDGE,
        /** Devices (the gateway broker, API clients) ↔ the cloud site. */
        DEVICES_CLOUD,
        /** Edge ↔ cloud (every cross-site connection). */
        EDGE_CLOUD
    }

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

    private final SandboxSettings settings;
    private final Path runDir;
    private final Map<String, Site> sites = new LinkedHashMap<>();
    private final MosquittoServer gateway;
    private final Map<Link, List<DelayProxy>> links = new EnumMap<>(Link.class);
    private final Map<String, DelayProxy> gatewayLinks = new LinkedHashMap<>();
    /** Per site: the edge↔cloud proxy in front of its Kafka's WAN listener (started before Kafka, see below). */
    private final Map<String, DelayProxy> kafkaWanLinks = new LinkedHashMap<>();
    /** The one Kafka cluster of {@code kafka: stretched}; null for a cluster per site. */
    private final StretchedKafka stretched;
    private final Map<String, SiteEndpoints> remoteEndpoints = new LinkedHashMap<>();
    private final Map<String, Duration> startupTimes = new LinkedHashMap<>();
    /** How long one InfluxDB request of the sandbox itself (creating a tenant's database) may take. */
    private static final Duration INFLUX_TIMEOUT = Duration.ofSeconds(30);
    private SandboxRouting routing;
    private Pipeline pipeline;
    private SiteWhereRestServer rest;
    private DelayProxy restLink;
    private Duration coldStart = Duration.ZERO;
    /** What the servers held once {@link #start} was done: what {@link #verifyStart} compares with. */
    private SandboxInventory startInventory;
    private Thread shutdownHook;
    private boolean closed;
    /** This sandbox's own credentials, drawn at start (none is a well-known default); only sandbox.json holds them. */
    private final String postgresPassword = randomSecret();
    private final String restPassword = randomSecret();

    private Sandbox(SandboxSettings settings) {
        this.settings = settings;
        Path work = settings.workDir().toAbsolutePath().normalize();
        this.runDir = work.resolve("run");
        this.stretched = settings.kafka().equals(SandboxTarget.KAFKA_STRETCHED)
                ? new StretchedKafka(SITES, work.resolve("kafka-stretched"), runDir, settings.kafkaHeap(),
                        settings.wan().edgeToCloud())
                : null;
        for (String site : SITES) {
            Path dir = work.resolve(site);
            PostgresServer postgres = new PostgresServer(PostgresServer.Options.defaults("postgres-" + site,
                            dir.resolve("postgres")).withRunDir(runDir)
                    .withCredentials("contmig", postgresPassword)
                    .withDurability(settings.durable(), settings.durable()));
            KafkaServer kafka = stretched != null ? stretched.node(site) : perSiteKafka(site, dir);
            InfluxServer influxServer = new InfluxServer(InfluxServer.Options.defaults("influx-" + site,
                    dir.resolve("influx")).withRunDir(runDir));
            MosquittoServer mqtt = new MosquittoServer(mosquittoOptions("mosquitto-" + site, dir.resolve("mosquitto")));
            sites.put(site, new Site(site, postgres, kafka, influxServer, mqtt));
        }
        this.gateway = new MosquittoServer(mosquittoOptions("mosquitto-gateway", work.resolve("gateway")));
    }

    /** A site's own single-node Kafka, reached from the other site through its WAN listener. */
    private KafkaServer perSiteKafka(String site, Path dir) {
        // A client bootstrapping through a plain TCP proxy would get the broker's own port in the metadata and
        // bypass the proxy after the first connection; the WAN listener advertises the proxy's port instead,
        // so every connection of a cross-site client pays the delay. The proxy must exist before Kafka starts.
        int wanPort = FreePorts.next();
        DelayProxy kafkaWan = DelayProxy.start(wanPort, settings.wan().edgeToCloud());
        kafkaWanLinks.put(site, kafkaWan);
        return new KafkaServer(KafkaServer.Options.defaults("kafka-" + site, dir.resolve("kafka"))
                .withRunDir(runDir).withMaxHeap(settings.kafkaHeap())
                .withExtraListener("WAN", wanPort, "127.0.0.1:" + kafkaWan.port()));
    }

    /**
     * A site's servers addressed directly; on a stretched Kafka, its client bootstrap is its own broker's listener
     * for that site (whose metadata sends cross-site traffic through the WAN).
     */
    private SiteEndpoints direct(Site site) {
        SiteEndpoints d = site.direct();
        return stretched == null ? d : new SiteEndpoints(d.site(), d.postgresJdbcUrl(), d.postgresUser(),
                d.postgresPassword(), stretched.bootstrapFrom(site.name()), d.influxUrl(), d.mqttUrl(), d.addresses());
    }

    private MosquittoServer.Options mosquittoOptions(String name, Path dir) {
        // Mosquitto's default window of 20 unacknowledged QoS 1 messages per subscriber would cap a tenant's event
        // source at 20 / round trip (≈ 400 msg/s behind a 25 ms link).
        return MosquittoServer.Options.defaults(name, dir).withRunDir(runDir)
                .withConfigLine("max_inflight_messages 1000");
    }

    /**
     * Starts a sandbox as {@code settings} say and returns once every server is ready, the WAN proxies run and
     * tenant {@code default} exists on {@code cloud}.
     */
    public static Sandbox start(SandboxSettings settings) {
        Sandbox sandbox = new Sandbox(settings);
        try {
            sandbox.startAll();
            return sandbox;
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    private void startAll() {
        long begin = System.nanoTime();
        for (String action : PidFiles.cleanLeftovers(runDir)) {
            LOG.info("leftover of an earlier run: {}", action);
        }
        for (String action : PidFiles.cleanEverywhere()) {
            LOG.info("leftover of an earlier run elsewhere: {}", action);
        }
        shutdownHook = new Thread(this::close, "contmig-sandbox-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        startupTimes.putAll(ParallelStart.startAll(allServers(), settings.startTimeout()));
        startLinks();
        routing = new SandboxRouting(SITES, addresses());
        pipeline = new Pipeline(routing, settings.kafkaValues());
        createTenant("default", "cloud");
        if (settings.withRest()) {
            startRest();
        }
        startInventory = SandboxInventory.take(sites.values());
        coldStart = Duration.ofNanos(System.nanoTime() - begin);
        LOG.info("sandbox ready in {} ms: {}", coldStart.toMillis(), startupTimes);
    }

    private List<ManagedServer> allServers() {
        List<ManagedServer> all = new ArrayList<>();
        // A stretched Kafka starts and stops as one cluster (its brokers stop before its controller).
        sites.values().forEach(s -> s.servers().stream().filter(server -> stretched == null || server != s.kafka())
                .forEach(all::add));
        if (stretched != null) {
            all.add(stretched.cluster());
        }
        all.add(gateway);
        return all;
    }

    private void startLinks() {
        WanDelays wan = settings.wan();
        for (Link link : Link.values()) {
            links.put(link, new ArrayList<>());
        }
        gatewayLinks.put("edge", link(Link.DEVICES_EDGE, gateway.port(), wan.devicesToEdge()));
        gatewayLinks.put("cloud", link(Link.DEVICES_CLOUD, gateway.port(), wan.devicesToCloud()));
        if (stretched != null) {
            stretched.proxies().forEach(proxy -> register(Link.EDGE_CLOUD, proxy));
        }
        for (Site site : sites.values()) {
            Duration d = wan.edgeToCloud();
            DelayProxy pg = link(Link.EDGE_CLOUD, site.postgres().port(), d);
            // Kafka per site: the proxy to the WAN listener, which advertises the proxy's own port (see
            // perSiteKafka); stretched: the other site's clients bootstrap at their own broker (one cluster).
            String kafka = stretched != null ? stretched.bootstrapFrom(other(site.name()))
                    : "127.0.0.1:" + register(Link.EDGE_CLOUD, kafkaWanLinks.get(site.name())).port();
            DelayProxy influxLink = link(Link.EDGE_CLOUD, site.influx().httpPort(), d);
            DelayProxy mqtt = link(Link.EDGE_CLOUD, site.mqtt().port(), d);
            // influxd backup/restore speak RPC on their own port: without a proxy there, they would bypass the WAN.
            DelayProxy influxRpc = link(Link.EDGE_CLOUD, site.influx().rpcPort(), d);
            SiteEndpoints direct = direct(site);
            remoteEndpoints.put(site.name(), new SiteEndpoints(site.name(),
                    "jdbc:postgresql://127.0.0.1:" + pg.port() + "/postgres", direct.postgresUser(),
                    direct.postgresPassword(), kafka, "http://127.0.0.1:" + influxLink.port(),
                    "tcp://127.0.0.1:" + mqtt.port())
                    .withAddress(Store.of(InfluxServer.RPC_ADDRESS_LABEL), "127.0.0.1:" + influxRpc.port()));
        }
    }

    /** The other sandbox site. */
    private static String other(String site) {
        return SITES.stream().filter(s -> !s.equals(site)).findFirst().orElseThrow();
    }

    private DelayProxy link(Link link, int targetPort, Duration oneWay) {
        return register(link, DelayProxy.start(targetPort, oneWay));
    }

    /** Adds a running proxy to {@code link} (its bandwidth set as the settings say). */
    private DelayProxy register(Link link, DelayProxy proxy) {
        long bytesPerSecond = Math.round(settings.wan().bandwidthMbit() * 1_000_000 / 8);
        if (bytesPerSecond > 0) {
            proxy.setBandwidth(DelayProxy.Direction.CLIENT_TO_TARGET, bytesPerSecond);
            proxy.setBandwidth(DelayProxy.Direction.TARGET_TO_CLIENT, bytesPerSecond);
        }
        links.get(link).add(proxy);
        return proxy;
    }

    /** The one-way delay of {@code link} now (the same on each of its proxies and in both directions). */
    public Duration delay(Link link) {
        List<DelayProxy> proxies = links.getOrDefault(link, List.of());
        return proxies.isEmpty() ? Duration.ZERO : proxies.get(0).delay(DelayProxy.Direction.CLIENT_TO_TARGET);
    }

    private SiteAddresses addresses() {
        return new SiteAddresses() {
            @Override
            public SiteEndpoints endpoints(String site, String from) {
                return site.equals(from) ? direct(sites.get(site)) : remoteEndpoints.get(site);
            }

            @Override
            public String gatewayMqttUrl(String from) {
                return "tcp://127.0.0.1:" + gatewayLinks.get(from).port();
            }
        };
    }

    private void startRest() {
        WriteAdmission admission = WriteAdmission.gated(routing);
        try {
            rest = SiteWhereRestServer.start(SiteWhereRestServer.Config.of(routing, admission,
                    event -> pipeline.publishOutbound(event.tenant(), event.deviceId().toString(),
                            event.deviceEventJson()),
                    tenant -> createTenant(tenant, "cloud")).withPassword(restPassword));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the SiteWhere REST API: " + e.getMessage(), e);
        }
        restLink = link(Link.DEVICES_CLOUD, rest.port(), settings.wan().devicesToCloud());
    }

    /**
     * Creates tenant {@code tenant} with every store and its pipeline stage on {@code site}: PostgreSQL database
     * {@code tenant_<t>} with the device-management schema, InfluxDB database {@code tenant_<t>}, the tenant's Kafka
     * topics, then its routing entry and pipeline stage. Idempotent.
     */
    public synchronized void createTenant(String tenant, String site) {
        DeviceManagementSchema.requireTenant(tenant);
        if (routing.hasTenant(tenant)) {
            return;
        }
        provisionStores(tenant, site);
        routing.addTenant(tenant, site);
        try {
            pipeline.start(tenant);
        } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
            throw new IllegalStateException("tenant " + tenant + ": cannot start its pipeline stage: " + e, e);
        }
    }

    /**
     * Creates the stores of {@code tenant} on {@code site} (also usable on the other site before a migration):
     * database and schema, InfluxDB database, Kafka topics. Idempotent.
     */
    public void provisionStores(String tenant, String site) {
        SiteWhereNames names = new SiteWhereNames(tenant);
        Site s = site(site);
        try (Connection server = DriverManager.getConnection(s.postgres().jdbcUrl(), s.postgres().user(),
                s.postgres().password())) {
            DeviceManagementSchema.createDatabase(server, tenant);
            try (Connection db = DriverManager.getConnection(s.postgres().jdbcUrl(names.database()),
                    s.postgres().user(), s.postgres().password())) {
                DeviceManagementSchema.create(db);
            }
            new InfluxClient(s.influx().url(), INFLUX_TIMEOUT).createDatabase(names.database());
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("tenant " + tenant + " on " + site + ": cannot create its stores: "
                    + e.getMessage(), e);
        }
        // Stretched: the tenant's partitions on its site's broker (where a reassignment then moves them from).
        KafkaClients.ensureTopics(s.kafka().bootstrapServers(), names.topics(),
                stretched == null ? -1 : stretched.nodeId(site));
    }

    private Site site(String name) {
        Site s = sites.get(name);
        if (s == null) {
            throw new IllegalArgumentException("site (" + name + ") is unknown (expected one of: "
                    + String.join(", ", SITES) + ")");
        }
        return s;
    }

    /** The nemesis of fault injections: cuts or slows WAN links, kills, pauses or takes down servers, and heals. */
    public FaultControl faults() {
        return new SandboxFaults(links, sites, settings.startTimeout());
    }

    /** The tenant routing (what injectors use). */
    public SandboxRouting routing() {
        return routing;
    }

    /** The pipeline (counters per tenant). */
    public Pipeline pipeline() {
        return pipeline;
    }

    /** The servers of {@code site} addressed directly. */
    public SiteEndpoints siteEndpoints(String site) {
        return direct(site(site));
    }

    /** The gateway broker's URL as devices use it ({@code mqtt.url} of sandbox.json). */
    public String mqttUrl() {
        return gateway.url();
    }

    /** The REST API's base URL through the devices↔cloud link; empty when the REST API is off. */
    /** The REST API's password (users {@code admin} and {@code remote}), random per sandbox. */
    public String restPassword() {
        return restPassword;
    }

    /** 24 random bytes, URL-safe Base64: no quoting needed in a JDBC property, conninfo or Basic header. */
    private static String randomSecret() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String restBaseUrl() {
        return restLink == null ? "" : "http://127.0.0.1:" + restLink.port() + "/sitewhere/api";
    }

    /** The REST API's login URL through the devices↔cloud link; empty when the REST API is off. */
    public String restAuthUrl() {
        return restLink == null ? "" : "http://127.0.0.1:" + restLink.port() + "/sitewhere/authapi/jwt";
    }

    /** Sets the one-way delay of every proxy of {@code link}, in both directions; applies to data read afterwards. */
    public void setDelay(Link link, Duration oneWay) {
        if (oneWay.isNegative()) {
            throw new IllegalArgumentException("oneWay (" + oneWay + ") must be >= 0");
        }
        links.getOrDefault(link, List.of()).forEach(p -> p.setDelays(oneWay));
    }

    /**
     * Puts the sandbox back where {@link #start} left it, so that the next trial of a study runs on the same server
     * processes: every tenant's pipeline stage is stopped and forgotten and its routing entry removed; every tenant
     * object is dropped on both sites ({@link SandboxReset}: subscriptions, slots and databases in PostgreSQL, consumer
     * groups and topics in Kafka, databases in InfluxDB); WAN partitions are healed, paused links resumed and every
     * link's delay and bandwidth set to {@code wan}; this process's outstanding side-effect journal entries at this
     * sandbox's servers are marked removed (their objects were just dropped); then tenant {@code default} is created
     * afresh on {@code cloud}. What stays warm: the server processes, their page cache and buffers, this JVM's JIT.
     * It does not check its own work: {@link #verifyStart} does. Call it only while no run uses the sandbox.
     *
     * @throws IllegalStateException naming the server when a step fails (a server that a fault left stopped, one
     *                               that does not answer): the sandbox's state is then unknown — close it
     */
    public synchronized void resetToStart(WanDelays wan) throws InterruptedException {
        for (ManagedServer server : allServers()) {
            if (!server.isRunning()) {
                throw new IllegalStateException(server.name() + " is not running (a fault was not healed)");
            }
        }
        for (String tenant : routing.tenants()) {
            pipeline.remove(tenant);
            routing.removeTenant(tenant);
        }
        for (List<DelayProxy> proxies : links.values()) {
            proxies.forEach(p -> {
                p.healPartition();
                p.resume();
            });
        }
        SandboxReset.applyWan(links, wan);
        long begin = System.nanoTime();
        SandboxReset.dropTenantObjects(sites.values(), startInventory);
        long dropped = System.nanoTime();
        SandboxReset.settleJournal(sites.values(), links);
        createTenant("default", "cloud");
        LOG.info("reset to start: tenant objects dropped in {} ms, tenant default re-created in {} ms",
                (dropped - begin) / 1_000_000, (System.nanoTime() - dropped) / 1_000_000);
    }

    /**
     * Checks, by asking every server, that the sandbox is where {@link #start} left it with the WAN at {@code wan}:
     * every server runs; each server holds the same databases, slots, subscriptions and topics as right after start
     * and no consumer group but tenant {@code default}'s; tenant {@code default} is empty (no device, event or Kafka
     * record); the routing and the pipeline know only {@code default}, all of it on {@code cloud}; every WAN proxy
     * relays (not partitioned nor paused) with {@code wan}'s delays and bandwidth. Changes nothing.
     *
     * @return one line per problem found; empty when the sandbox is at its start
     */
    public synchronized List<String> verifyStart(WanDelays wan) {
        List<String> problems = new ArrayList<>();
        for (ManagedServer server : allServers()) {
            if (!server.isRunning()) {
                problems.add(server.name() + ": not running");
            }
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        try {
            SandboxInventory now = SandboxInventory.take(sites.values());
            problems.addAll(now.differences(startInventory, List.of(SandboxInventory.KAFKA_GROUPS)));
            List<String> defaultGroups = new SiteWhereNames("default").groups();
            for (String site : SITES) {
                now.of(site, SandboxInventory.KAFKA_GROUPS).stream().filter(g -> !defaultGroups.contains(g))
                        .forEach(g -> problems.add(site + "/kafka.groups: left over " + g));
            }
        } catch (IllegalStateException e) {
            problems.add(e.getMessage());
        }
        problems.addAll(SandboxReset.defaultTenantProblems(sites.get("cloud")));
        if (!routing.tenants().equals(List.of("default")) || !pipeline.tenants().equals(List.of("default"))) {
            problems.add("tenants: routing knows " + routing.tenants() + ", pipeline runs " + pipeline.tenants()
                    + " (expected [default])");
        } else {
            Store.WELL_KNOWN.stream().filter(st -> !"cloud".equals(routing.siteOf("default", st)))
                    .forEach(st -> problems.add("routing: default/" + st.label() + " on "
                            + routing.siteOf("default", st) + " (expected cloud)"));
        }
        problems.addAll(SandboxReset.wanProblems(links, wan));
        return problems;
    }

    /** Each server's start time (launch to first real answer), by server name. */
    public Map<String, Duration> startupTimes() {
        return Map.copyOf(startupTimes);
    }

    /** Wall time of {@link #start}, from cleaning leftovers to tenant {@code default} ready. */
    public Duration coldStart() {
        return coldStart;
    }

    /** Resident memory of every server process (with descendants) plus this JVM, in bytes. */
    public long residentBytes() {
        long sum = io.contmig.servers.ProcessMemory.rssBytes(ProcessHandle.current().pid());
        for (ManagedServer server : allServers()) {
            if (server.isRunning()) {
                sum += server.residentBytes();
            }
        }
        return sum;
    }

    /** Resident memory of each server process (with descendants), by server name, in bytes. */
    public Map<String, Long> residentBytesByServer() {
        Map<String, Long> rss = new LinkedHashMap<>();
        for (ManagedServer server : allServers()) {
            if (server.isRunning()) {
                rss.put(server.name(), server.residentBytes());
            }
        }
        return rss;
    }

    /** Writes {@code sandbox.json} (its shape: the root README.md) to {@code file}, atomically. */
    public synchronized void writeJson(Path file) throws IOException {
        SandboxJson.write(file, restBaseUrl(), restAuthUrl(), restPassword, mqttUrl(), sites.values(), routing);
    }

    /** A one-line summary of start times, for logs and the measurement note. */
    public String startupSummary() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "cold start %d ms;", coldStart.toMillis()));
        startupTimes.forEach((k, v) -> s.append(String.format(Locale.ROOT, " %s %d ms", k, v.toMillis())));
        return s.toString();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (rest != null) {
            rest.close();
        }
        links.values().forEach(list -> list.forEach(DelayProxy::close));
        kafkaWanLinks.values().forEach(DelayProxy::close); // not yet in links when the start failed early
        if (stretched != null) {
            stretched.proxies().forEach(DelayProxy::close); // idem
        }
        List<Thread> stoppers = new ArrayList<>();
        for (ManagedServer server : allServers()) {
            Thread t = new Thread(server::close, "contmig-sandbox-stop-" + server.name());
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // the JVM is shutting down already
            }
        }
    }
}
