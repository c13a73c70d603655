package io.contmig.servers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * Any long-running {@link ChildJvm} as a {@link ManagedServer}: pid file, shutdown hook, SIGTERM then kill, and
 * readiness by a caller-supplied real probe. Example: MirrorMaker 2 in dedicated mode —
 * <pre>{@code
 * Path config = dataDir.resolve("mm2.properties");
 * var mm2 = new ChildJvmServer("mm2-acme", dataDir, runDir,
 *         ChildJvm.kafka("org.apache.kafka.connect.mirror.MirrorMaker", config.toString()),
 *         dir -> Files.writeString(config, mm2Properties),      // runs on the emptied data dir
 *         () -> targetAdmin.listTopics().names().get().contains("acme.events") ? true : null,
 *         Duration.ofSeconds(60));
 * mm2.start();
 * }</pre>
 * Pass a config file inside the data directory as an argument: {@link PidFiles#cleanLeftovers} recognises the
 * process by the data directory on its command line (by its main class otherwise). Output goes to
 * {@code <dataDir>/<name>.log}; a Kafka-classpath JVM logs to stdout via {@link KafkaServer#writeConsoleLog4j}. Thread-safe per {@link ProcessServer}.
 */
public final class ChildJvmServer extends ProcessServer {
    private final ChildJvm jvm;
    private final DataDirSetup setup;
    private final Callable<?> readiness;
    private final Duration startTimeout;

    /** Writes what the JVM needs (config files) into the freshly emptied data directory, before the first launch. */
    @FunctionalInterface
    public interface DataDirSetup {
        void prepare(Path dataDir) throws java.io.IOException;
    }

    /**
     * @param setup     writes config files into the emptied data directory on the first start
     * @param readiness returns non-null once the process serves (null or an exception = not yet)
     */
    public ChildJvmServer(String name, Path dataDir, Path runDir, ChildJvm jvm, DataDirSetup setup,
                          Callable<?> readiness, Duration startTimeout) {
        super(name, dataDir, runDir);
        this.jvm = Objects.requireNonNull(jvm, "jvm");
        this.setup = Objects.requireNonNull(setup, "setup");
        this.readiness = Objects.requireNonNull(readiness, "readiness");
        this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
    }

    @Override
    public Path logFile() {
        return dataDir().resolve(name() + ".log");
    }

    @Override
    protected void prepare() {
        try {
            setup.prepare(dataDir());
        } catch (java.io.IOException e) {
            throw new ServerException(name() + ": could not prepare " + dataDir() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected RunningProcess launch() {
        return jvm.start(logFile(), dataDir());
    }

    @Override
    protected void awaitReady(RunningProcess process) {
        Readiness.await(name() + " ready", startTimeout, readiness, () -> deathOf(process));
    }

    @Override
    protected String cmdlineMarker() {
        boolean namesDataDir = jvm.command().stream().anyMatch(a -> a.contains(dataDir().toString()));
        return namesDataDir ? dataDir().toString() : jvm.mainClass();
    }
}
