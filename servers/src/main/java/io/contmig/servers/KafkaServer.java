package io.contmig.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * One Kafka 4.3 node in KRaft mode, run as a child JVM ({@code kafka.Kafka}, {@code -Xmx512m}) from the jars of
 * {@link KafkaClasspath}. Standalone ({@link #KafkaServer(Options)}) it is a combined
 * {@code process.roles=broker,controller} node — a single-node cluster; {@link KafkaCluster} adds broker-only nodes.
 * Listeners on 127.0.0.1 at free ports; internal topics with replication factor 1;
 * {@code group.initial.rebalance.delay.ms=0}. The first start formats the log directory
 * ({@code kafka.tools.StorageTool format}). Logs go to {@code <dataDir>/kafka.log}.
 *
 * <p>Ready when {@code Admin.describeCluster()} through this node lists this node. Stopped by SIGTERM (controlled
 * shutdown), killed after 20 s. Thread-safe per {@link ProcessServer}.
 */
public final class KafkaServer extends ProcessServer {

    /**
     * One more PLAINTEXT listener of a node, besides {@code PLAINTEXT} (clients, inter-broker) and
     * {@code CONTROLLER}: bound to {@code 127.0.0.1:port}, advertised to its clients as {@code advertisedHostPort}.
     * Used to put the node behind a TCP proxy (e.g. a {@link DelayProxy}): a client bootstrapping at the proxy then
     * gets the proxy's address in the metadata, so every later connection also goes through it.
     *
     * @param name               listener name, upper case, e.g. {@code WAN} (not {@code PLAINTEXT}/{@code CONTROLLER})
     * @param port               the local port the node binds
     * @param advertisedHostPort {@code host:port} announced in the metadata of clients using this listener
     */
    public record ExtraListener(String name, int port, String advertisedHostPort) {
        public ExtraListener {
            if (name == null || !name.matches("[A-Z][A-Z0-9_]*") || name.equals("PLAINTEXT")
                    || name.equals("CONTROLLER")) {
                throw new IllegalArgumentException("extra listener name (" + name
                        + ") must be upper case like WAN, and not PLAINTEXT or CONTROLLER");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("extra listener " + name + ": port (" + port
                        + ") must be 1..65535");
            }
            if (advertisedHostPort == null || !advertisedHostPort.matches("[^:\\s,]+:\\d{1,5}")) {
                throw new IllegalArgumentException("extra listener " + name + ": advertisedHostPort ("
                        + advertisedHostPort + ") must look like 127.0.0.1:9092");
            }
        }
    }

    /**
     * Settings of one node (or, for {@link KafkaCluster}, of every node); immutable.
     *
     * @param name           instance name (pid file name; cluster nodes append {@code -<nodeId>})
     * @param dataDir        instance directory (config, {@code logs/}, {@code kafka.log})
     * @param runDir         pid-file directory
     * @param maxHeap        {@code -Xmx} value, e.g. {@code 512m} (Kafka's default heap would be a quarter of RAM)
     * @param settings       further {@code server.properties} entries (they win over the defaults)
     * @param startTimeout   readiness deadline
     * @param extraListeners further listeners ({@link #withExtraListener}); a standalone node's only (the 6-argument
     *                       constructor, used for {@link KafkaCluster} nodes, has none)
     */
    public record Options(String name, Path dataDir, Path runDir, String maxHeap, Map<String, String> settings,
                          Duration startTimeout, List<ExtraListener> extraListeners) {
        public Options {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(runDir, "runDir");
            if (maxHeap == null || !maxHeap.matches("\\d+[kmgKMG]?")) {
                throw new IllegalArgumentException("maxHeap (" + maxHeap + ") must look like 512m");
            }
            settings = Map.copyOf(settings);
            if (startTimeout == null || startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("startTimeout (" + startTimeout + ") must be > 0");
            }
            extraListeners = List.copyOf(extraListeners);
            if (extraListeners.stream().map(ExtraListener::name).distinct().count() != extraListeners.size()) {
                throw new IllegalArgumentException("extraListeners (" + extraListeners + ") repeat a name");
            }
        }

        /** Without extra listeners. */
        public Options(String name, Path dataDir, Path runDir, String maxHeap, Map<String, String> settings,
                       Duration startTimeout) {
            this(name, dataDir, runDir, maxHeap, settings, startTimeout, List.of());
        }

        /** {@code -Xmx512m}, pid files in {@code <dataDir>/../run}, 90 s readiness deadline. */
        public static Options defaults(String name, Path dataDir) {
            return new Options(name, dataDir, dataDir.toAbsolutePath().resolveSibling("run"), "512m", Map.of(),
                    Duration.ofSeconds(90));
        }

        public Options withRunDir(Path dir) {
            return new Options(name, dataDir, dir, maxHeap, settings, startTimeout, extraListeners);
        }

        public Options withMaxHeap(String heap) {
            return new Options(name, dataDir, runDir, heap, settings, startTimeout, extraListeners);
        }

        /** Adds or replaces one {@code server.properties} entry. */
        public Options withSetting(String key, String value) {
            Map<String, String> copy = new LinkedHashMap<>(settings);
            copy.put(key, value);
            return new Options(name, dataDir, runDir, maxHeap, copy, startTimeout, extraListeners);
        }

        /**
         * Adds listener {@code name} on {@code 127.0.0.1:port}, advertised as {@code advertisedHostPort}
         * ({@code listeners}, {@code advertised.listeners} and {@code listener.security.protocol.map} each gain
         * one entry; the PLAINTEXT and CONTROLLER listeners are unchanged). The port is not re-chosen on a bind
         * conflict.
         */
        public Options withExtraListener(String name, int port, String advertisedHostPort) {
            List<ExtraListener> copy = new ArrayList<>(extraListeners);
            copy.add(new ExtraListener(name, port, advertisedHostPort));
            return new Options(this.name, dataDir, runDir, maxHeap, settings, startTimeout, copy);
        }
    }

    private final Options options;
    private final int nodeId;
    private final boolean controller;
    private final String clusterId;
    private final Supplier<String> quorumVoters;
    private volatile int port;
    private volatile int controllerPort;
    private volatile ClassArchive classArchive;

    /** A standalone combined broker+controller node (node id 1) of a new single-node cluster. */
    public KafkaServer(Options options) {
        this(options, 1, true, Uuid.randomUuid().toString(), null);
    }

    /**
     * A node of a {@link KafkaCluster}.
     *
     * @param controllerNode the combined node holding the quorum (null: this node is it)
     */
    KafkaServer(Options options, int nodeId, boolean controller, String clusterId, KafkaServer controllerNode) {
        super(options.name(), options.dataDir(), options.runDir());
        this.options = options;
        this.nodeId = nodeId;
        this.controller = controller;
        // Kafka's StorageTool random-uuid prints Uuid.randomUuid(); generating it here saves a 1.3 s JVM start.
        this.clusterId = clusterId;
        KafkaServer quorum = controllerNode == null ? this : controllerNode;
        this.quorumVoters = () -> quorum.nodeId + "@127.0.0.1:" + quorum.controllerPort;
        if (!controller && controllerNode == null) {
            throw new IllegalArgumentException("a broker-only node (" + nodeId + ") needs a controller node");
        }
        // Chosen now so that cluster nodes starting in parallel already know the controller's port.
        choosePorts();
    }

    public int nodeId() {
        return nodeId;
    }

    public String clusterId() {
        return clusterId;
    }

    /** The PLAINTEXT (client and inter-broker) port (chosen at construction; changes only on a bind conflict). */
    public int port() {
        return port;
    }

    /** The CONTROLLER port (0 for a broker-only node). */
    public int controllerPort() {
        return controllerPort;
    }

    /** {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Client properties with {@code bootstrap.servers} and short timeouts, for Admin/producer/consumer configs. */
    public Properties clientProperties() {
        return clientProperties(bootstrapServers());
    }

    static Properties clientProperties(String bootstrap) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        return props;
    }

    /** A new Admin client for this node; the caller closes it. */
    public Admin admin() {
        return Admin.create(clientProperties());
    }

    @Override
    public Path logFile() {
        return dataDir().resolve("kafka.log");
    }

    private Path configFile() {
        return dataDir().resolve("server.properties");
    }

    @Override
    protected void prepare() {
        KafkaClasspath.load(); // fail before formatting when a jar is missing
        writeConfig();
        ChildJvm tool = ChildJvm.kafka("kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
                configFile().toString());
        ClassArchive archive = ClassArchive.forJvm(tool);
        ShortCommand.Result format = tool.withJvmOptions("-Xmx256m").plusJvmOptions(archive.options().toArray(String[]::new))
                .run(Duration.ofMinutes(2));
        archive.settle(format.ok());
        format.requireOk(name() + ": kafka.tools.StorageTool format");
    }

    private void choosePorts() {
        port = FreePorts.next();
        controllerPort = controller ? FreePorts.next() : 0;
    }

    private void writeConfig() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("process.roles", controller ? "broker,controller" : "broker");
        conf.put("node.id", Integer.toString(nodeId));
        conf.put("controller.quorum.voters", quorumVoters.get());
        StringBuilder listeners = new StringBuilder("PLAINTEXT://127.0.0.1:" + port
                + (controller ? ",CONTROLLER://127.0.0.1:" + controllerPort : ""));
        StringBuilder advertised = new StringBuilder("PLAINTEXT://127.0.0.1:" + port);
        StringBuilder protocols = new StringBuilder("CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        for (ExtraListener extra : options.extraListeners()) {
            listeners.append(',').append(extra.name()).append("://127.0.0.1:").append(extra.port());
            advertised.append(',').append(extra.name()).append("://").append(extra.advertisedHostPort());
            protocols.append(',').append(extra.name()).append(":PLAINTEXT");
        }
        conf.put("listeners", listeners.toString());
        conf.put("advertised.listeners", advertised.toString());
        conf.put("controller.listener.names", "CONTROLLER");
        conf.put("listener.security.protocol.map", protocols.toString());
        conf.put("inter.broker.listener.name", "PLAINTEXT");
        conf.put("log.dirs", dataDir().resolve("logs").toString());
        conf.put("num.partitions", "1");
        conf.put("offsets.topic.replication.factor", "1");
        conf.put("offsets.topic.num.partitions", "10"); // the default 50 slows the first consumer group down
        conf.put("transaction.state.log.replication.factor", "1");
        conf.put("transaction.state.log.min.isr", "1");
        conf.put("share.coordinator.state.topic.replication.factor", "1");
        conf.put("share.coordinator.state.topic.min.isr", "1");
        conf.put("group.initial.rebalance.delay.ms", "0");
        conf.putAll(options.settings());
        String text = conf.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "# written by contmig for " + name() + "\n", "\n"));
        try {
            Files.writeString(configFile(), text);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + configFile(), e);
        }
    }

    @Override
    protected RunningProcess launch() {
        writeConfig();
        ChildJvm server = ChildJvm.kafka("kafka.Kafka", configFile().toString());
        classArchive = ClassArchive.forJvm(server);
        return server.withJvmOptions("-Xmx" + options.maxHeap(), "-XX:+ExitOnOutOfMemoryError",
                        "-Djava.awt.headless=true")
                .plusJvmOptions(classArchive.options().toArray(String[]::new))
                .start(logFile(), dataDir());
    }

    @Override
    protected void afterStop(boolean graceful) {
        if (classArchive != null) {
            classArchive.settle(graceful);
            classArchive = null;
        }
    }

    @Override
    protected void awaitReady(RunningProcess process) {
        try (Admin admin = Admin.create(clientProperties())) {
            Readiness.await(name() + " (node " + nodeId + ") answering describeCluster on port " + port,
                    options.startTimeout(), () -> {
                        List<Node> nodes = List.copyOf(admin.describeCluster().nodes().get(5, TimeUnit.SECONDS));
                        return nodes.stream().anyMatch(n -> n.id() == nodeId) ? Boolean.TRUE : null;
                    }, () -> deathOf(process));
        }
    }

    @Override
    protected void onBindConflict() {
        choosePorts();
    }

    @Override
    protected Duration stopGrace() {
        // A JVM recording its class archive writes it at exit, which takes a few seconds more.
        return Duration.ofSeconds(classArchive != null && classArchive.isRecording() ? 60 : 20);
    }
}
