package io.contmig.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Shared lifecycle of a server that runs as one operating-system process: first-start preparation on an empty
 * data directory, launch, a pid file, the JVM's {@link ChildWatchdog} (the process dies with this JVM, even on
 * {@code kill -9}), readiness by a real request, a shutdown hook, graceful stop then kill.
 * Subclasses supply the mechanism ({@link #prepare}, {@link #launch}, {@link #awaitReady}, {@link #stopGracefully}).
 *
 * <p>Data: the first {@link #start()} of an instance empties the data directory (only if it is empty or was
 * created by contmig, recognised by a {@value #MARKER_FILE} file) and prepares it; later starts after
 * {@link #close()} reuse it (a restart). Thread-safe: start/close are serialised on the instance.
 */
public abstract class ProcessServer implements ManagedServer {
    static final String MARKER_FILE = ".contmig-server";
    private static final int BIND_RETRIES = 3;

    private final String name;
    private final Path dataDir;
    private final Path runDir;
    private final Object lock = new Object();
    private RunningProcess process;
    private boolean prepared;
    private Duration startupTime = Duration.ZERO;
    private Duration preparationTime = Duration.ZERO;
    private Thread shutdownHook;

    protected ProcessServer(String name, Path dataDir, Path runDir) {
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("name (" + name + ") must match [A-Za-z0-9._-]+");
        }
        this.name = name;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.runDir = runDir.toAbsolutePath().normalize();
    }

    @Override
    public final String name() {
        return name;
    }

    /** Absolute data directory of this instance. */
    public final Path dataDir() {
        return dataDir;
    }

    /** Directory holding this instance's pid file. */
    public final Path runDir() {
        return runDir;
    }

    /** The server's log file (quoted in every start failure). */
    public abstract Path logFile();

    @Override
    public final void start() {
        synchronized (lock) {
            if (process != null && process.isAlive()) {
                return;
            }
            long t0 = System.nanoTime();
            if (!prepared) {
                PidFiles.cleanLeftover(runDir, name);
                resetDataDir();
                prepare();
                prepared = true;
                preparationTime = Duration.ofNanos(System.nanoTime() - t0);
            }
            ServerException failure = null;
            for (int attempt = 1; attempt <= BIND_RETRIES; attempt++) {
                long logOffset = sizeOf(logFile());
                RunningProcess launched = null;
                try {
                    launched = launch();
                    PidFiles.write(runDir, name, launched.pid(), cmdlineMarker(), dataDir);
                    ChildWatchdog.instance().watch(launched.pid(), cmdlineMarker());
                    awaitReady(launched);
                    process = launched;
                    startupTime = Duration.ofNanos(System.nanoTime() - t0);
                    registerShutdownHook();
                    return;
                } catch (RuntimeException e) {
                    if (launched != null) {
                        RunningProcess failed = launched;
                        afterStop(failed.stop(Duration.ofSeconds(5), () -> stopGracefully(failed)));
                        ChildWatchdog.instance().forget(failed.pid());
                    }
                    PidFiles.remove(runDir, name);
                    String log = ShortCommand.tail(logSince(logOffset), 25);
                    failure = new ServerException(name + " did not start: " + e.getMessage()
                            + "\nlog " + logFile() + ":\n" + log, e);
                    // Another process may have taken our free port between choosing and binding it.
                    if (!log.toLowerCase(java.util.Locale.ROOT).contains("address already in use")) {
                        break;
                    }
                    onBindConflict();
                }
            }
            throw failure;
        }
    }

    @Override
    public final void close() {
        synchronized (lock) {
            if (process == null) {
                return;
            }
            RunningProcess p = process;
            process = null;
            afterStop(p.stop(stopGrace(), () -> stopGracefully(p)));
            ChildWatchdog.instance().forget(p.pid());
            PidFiles.remove(runDir, name);
            if (shutdownHook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(shutdownHook);
                } catch (IllegalStateException e) {
                    // The JVM is already shutting down (we are the hook): nothing to unregister.
                }
                shutdownHook = null;
            }
        }
    }

    /**
     * SIGKILLs the server and its descendants, as a crash would, without the graceful path and without forgetting
     * it: the pid file stays until the next {@link #start()}, which restarts the server on its data (recovery
     * included). A server that is not running is left alone. For fault injection.
     */
    public final void crash() {
        synchronized (lock) {
            if (process != null && process.isAlive()) {
                process.killTree();
            }
        }
    }

    /** SIGSTOPs the server and its descendants (they hold their sockets but answer nothing). For fault injection. */
    public final void pause() {
        running().stopTree();
    }

    /** SIGCONTs the server and its descendants after {@link #pause()}. Idempotent. */
    public final void resume() {
        running().continueTree();
    }

    @Override
    public final boolean isRunning() {
        synchronized (lock) {
            return process != null && process.isAlive();
        }
    }

    @Override
    public final long pid() {
        return running().pid();
    }

    /** The running process; throws {@link IllegalStateException} when not started. */
    public final RunningProcess running() {
        synchronized (lock) {
            if (process == null) {
                throw new IllegalStateException(name + " is not started");
            }
            return process;
        }
    }

    @Override
    public final Duration startupTime() {
        synchronized (lock) {
            return startupTime;
        }
    }

    /** Time the first start spent preparing the data directory (initdb, storage format, config); part of startupTime. */
    public final Duration preparationTime() {
        synchronized (lock) {
            return preparationTime;
        }
    }

    /** Prepares the empty data directory on the first start (init, format, config files). */
    protected abstract void prepare();

    /** Launches the server process (choosing fresh ports if needed); does not wait for readiness. */
    protected abstract RunningProcess launch();

    /** Blocks until the server answers a real request, or throws {@link ServerException}. */
    protected abstract void awaitReady(RunningProcess process);

    /** Asks the process to stop (default: SIGTERM); the caller waits and kills if needed. */
    protected void stopGracefully(RunningProcess process) {
        process.terminate();
    }

    /** Called once the process is gone; {@code graceful} is false when it had to be killed. Default: nothing. */
    protected void afterStop(boolean graceful) {
    }

    /** Called before a retry after "address already in use": choose fresh ports. Default: nothing. */
    protected void onBindConflict() {
    }

    /** How long a graceful stop may take before the process is killed. */
    protected Duration stopGrace() {
        return Duration.ofSeconds(15);
    }

    /** A string the server's {@code /proc/<pid>/cmdline} contains; default the data directory path. */
    protected String cmdlineMarker() {
        return dataDir.toString();
    }

    /** For readiness probes: a non-null description when the process has died. */
    protected static String deathOf(RunningProcess p) {
        if (p.isAlive()) {
            return null;
        }
        return "process " + p.pid() + " exited" + p.exitCode().map(c -> " with code " + c).orElse("");
    }

    private static long sizeOf(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** What the log gained since {@code offset} (this launch attempt's lines only). */
    private String logSince(long offset) {
        Path file = logFile();
        try (var channel = java.nio.channels.FileChannel.open(file)) {
            long size = channel.size();
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) Math.min(size - offset, 1 << 20));
            channel.read(buffer, Math.max(offset, size - buffer.capacity()));
            return new String(buffer.array(), 0, buffer.position(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return "(no log at " + file + ")";
        }
    }

    private void resetDataDir() {
        try {
            if (Files.isDirectory(dataDir)) {
                boolean empty;
                try (Stream<Path> entries = Files.list(dataDir)) {
                    empty = entries.findAny().isEmpty();
                }
                if (!empty && !Files.exists(dataDir.resolve(MARKER_FILE))) {
                    throw new ServerException(name + ": data dir " + dataDir
                            + " is not empty and was not created by contmig; use an empty or new directory");
                }
                Posix.deleteTree(dataDir);
            }
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve(MARKER_FILE), name + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": could not prepare data dir " + dataDir, e);
        }
    }

    private void registerShutdownHook() {
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::close, "contmig-stop-" + name);
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
    }
}
