package io.contmig.servers;

import java.time.Duration;

/**
 * Role: one real server process (or group of processes) that contmig starts on this machine, binds to 127.0.0.1 on
 * free ports and stops again.
 *
 * <p>Lifecycle: {@link #start()} is idempotent (a running server is left alone; a closed one is started again on
 * its existing data). {@link #close()} stops the process gracefully, kills it after a deadline, removes its pid
 * file and is idempotent too. Every implementation registers a JVM shutdown hook while running, so a forgotten
 * {@code close()} does not leak a process when the JVM exits normally; {@link PidFiles#cleanLeftovers} handles a
 * JVM that was killed.
 *
 * <p>Thread-safety: implementations are safe to call from several threads ({@code start}/{@code close} are
 * serialised). On a start failure {@link #start()} throws {@link ServerException} naming the server, the cause and
 * the log file to read, and leaves no process behind.
 */
public interface ManagedServer extends AutoCloseable {

    /** Short instance name, e.g. {@code postgres-cloud}; also the pid file's name. */
    String name();

    /** Starts the server and returns once it answers a real request. */
    void start();

    /** The operating-system pid of the main server process; throws {@link IllegalStateException} when not running. */
    long pid();

    /** Wall time of the last {@link #start()} from launch to the first successful real request. */
    Duration startupTime();

    /** Stops the server (graceful first, killed after a deadline). Never throws for an already stopped server. */
    @Override
    void close();

    /** Whether the server process is alive. */
    boolean isRunning();

    /** Resident memory of the main server process and its descendants ({@code VmRSS} summed), in bytes. */
    default long residentBytes() {
        return ProcessMemory.treeRssBytes(pid());
    }
}
