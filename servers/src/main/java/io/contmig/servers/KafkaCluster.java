package io.contmig.servers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;

/**
 * A Kafka cluster of several nodes on this machine, e.g. for partition reassignment: node 1 is a combined
 * broker+controller (the single-voter quorum), nodes 2..n are brokers only. Each node is a {@link KafkaServer} in
 * {@code <dataDir>/node-<id>} with its own pid file {@code <name>-<id>.pid}.
 *
 * <p>{@link #start()} formats and starts all nodes in parallel (a broker waits for the controller by itself);
 * {@link #close()} stops brokers before the controller (a broker's controlled shutdown needs the controller). Thread-safe: start/close are serialised. A failed start closes the
 * nodes already started and throws {@link ServerException}.
 */
public final class KafkaCluster implements ManagedServer {
    private final String name;
    private final List<KafkaServer> nodes;
    private Duration startupTime = Duration.ZERO;

    /**
     * @param options settings applied to every node ({@code name} and {@code dataDir} are the cluster's)
     * @param brokers number of nodes (≥ 1)
     */
    public KafkaCluster(KafkaServer.Options options, int brokers) {
        this(options, brokers, (id, o) -> o);
    }

    /**
     * A cluster whose node {@code id}'s options are {@code perNode.apply(id, o)}, {@code o} being the options
     * derived from {@code options} for that node (its name, data directory): e.g. a listener or a
     * {@code broker.rack} per node.
     */
    public KafkaCluster(KafkaServer.Options options, int brokers,
                        java.util.function.BiFunction<Integer, KafkaServer.Options, KafkaServer.Options> perNode) {
        if (brokers < 1) {
            throw new IllegalArgumentException("brokers (" + brokers + ") must be >= 1");
        }
        this.name = options.name();
        String clusterId = Uuid.randomUuid().toString();
        List<KafkaServer> list = new ArrayList<>();
        KafkaServer controller = null;
        for (int id = 1; id <= brokers; id++) {
            Path dir = options.dataDir().toAbsolutePath().resolve("node-" + id);
            KafkaServer.Options nodeOptions = perNode.apply(id, new KafkaServer.Options(name + "-" + id, dir,
                    options.runDir(), options.maxHeap(), options.settings(), options.startTimeout()));
            KafkaServer node = new KafkaServer(nodeOptions, id, id == 1, clusterId, controller);
            if (id == 1) {
                controller = node;
            }
            list.add(node);
        }
        this.nodes = List.copyOf(list);
    }

    @Override
    public String name() {
        return name;
    }

    /** The nodes, node 1 (the controller) first. */
    public List<KafkaServer> nodes() {
        return nodes;
    }

    /** All nodes' {@code 127.0.0.1:<port>}, comma-separated. */
    public String bootstrapServers() {
        return nodes.stream().map(KafkaServer::bootstrapServers).collect(Collectors.joining(","));
    }

    public Properties clientProperties() {
        return KafkaServer.clientProperties(bootstrapServers());
    }

    /** A new Admin client for the cluster; the caller closes it. */
    public Admin admin() {
        return Admin.create(clientProperties());
    }

    @Override
    public synchronized void start() {
        long t0 = System.nanoTime();
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (KafkaServer node : nodes) {
            starts.add(CompletableFuture.runAsync(node::start, runnable -> {
                Thread t = new Thread(runnable, "contmig-start-" + node.name());
                t.setDaemon(true);
                t.start();
            }));
        }
        RuntimeException failure = null;
        for (CompletableFuture<Void> start : starts) {
            try {
                start.join();
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                        : new ServerException(name + ": start failed", e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            close();
            throw failure;
        }
        startupTime = Duration.ofNanos(System.nanoTime() - t0);
    }

    /** Pid of node 1. */
    @Override
    public long pid() {
        return nodes.get(0).pid();
    }

    @Override
    public synchronized Duration startupTime() {
        return startupTime;
    }

    @Override
    public synchronized void close() {
        List<KafkaServer> reversed = new ArrayList<>(nodes);
        Collections.reverse(reversed);
        for (KafkaServer node : reversed) {
            node.close();
        }
    }

    @Override
    public boolean isRunning() {
        return nodes.stream().allMatch(KafkaServer::isRunning);
    }

    /** Sum over the nodes. */
    @Override
    public long residentBytes() {
        return nodes.stream().filter(KafkaServer::isRunning).mapToLong(KafkaServer::residentBytes).sum();
    }
}
