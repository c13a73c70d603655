package io.contmig.servers;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A live operating-system process a launcher started: either its direct child ({@link Process}) or a daemon it
 * spawned indirectly (e.g. the postmaster {@code pg_ctl} forks). Thread-safe; {@link #stop} is idempotent.
 */
public final class RunningProcess {
    private final ProcessHandle handle;
    private final Process child; // null when the process is not our direct child

    private RunningProcess(ProcessHandle handle, Process child) {
        this.handle = handle;
        this.child = child;
    }

    /** Wraps a direct child. */
    public static RunningProcess of(Process child) {
        return new RunningProcess(child.toHandle(), child);
    }

    /** Wraps a process that is not our child, by pid; fails when the pid is not alive. */
    public static RunningProcess ofPid(long pid) {
        ProcessHandle handle = ProcessHandle.of(pid)
                .orElseThrow(() -> new ServerException("process " + pid + " is not alive"));
        return new RunningProcess(handle, null);
    }

    public long pid() {
        return handle.pid();
    }

    public boolean isAlive() {
        return handle.isAlive();
    }

    /** The exit code when it was our child and has exited. */
    public Optional<Integer> exitCode() {
        if (child != null && !child.isAlive()) {
            return Optional.of(child.exitValue());
        }
        return Optional.empty();
    }

    /**
     * Stops the process: runs {@code graceful} (which asks it to stop, e.g. SIGTERM or {@code pg_ctl stop}), waits
     * up to {@code grace}, then SIGKILLs it and every descendant still alive. Returns true when the graceful path
     * sufficed.
     */
    public boolean stop(Duration grace, Runnable graceful) {
        if (!handle.isAlive()) {
            reap();
            return true;
        }
        List<ProcessHandle> descendants = handle.descendants().toList();
        try {
            graceful.run();
        } catch (RuntimeException e) {
            // The graceful path failing (e.g. pg_ctl not finding its pid file) is what the kill below is for.
        }
        boolean graceful_ok = awaitExit(grace);
        if (!graceful_ok) {
            handle.descendants().forEach(ProcessHandle::destroyForcibly);
            handle.destroyForcibly();
            awaitExit(Duration.ofSeconds(10));
        }
        // Children of a server (e.g. PostgreSQL backends) exit with it; kill stragglers so nothing leaks.
        for (ProcessHandle d : descendants) {
            if (d.isAlive()) {
                d.destroyForcibly();
            }
        }
        reap();
        return graceful_ok;
    }

    /** Sends SIGTERM. */
    public void terminate() {
        handle.destroy();
    }

    /** Sends SIGKILL to the process only (what a crash looks like to its clients). */
    public void kill() {
        handle.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
    }

    /**
     * SIGKILLs the process and every descendant at once (a crash of the whole server, its workers included, as a
     * machine failure looks) and waits up to 10 s for the process to exit.
     */
    public void killTree() {
        List<ProcessHandle> descendants = handle.descendants().toList();
        handle.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        awaitExit(Duration.ofSeconds(10));
        reap();
    }

    /** Sends SIGSTOP to the process and its descendants: they stop running but keep every socket open. */
    public void stopTree() {
        signalTree("STOP");
    }

    /** Sends SIGCONT to the process and its descendants (undoes {@link #stopTree()}; harmless otherwise). */
    public void continueTree() {
        signalTree("CONT");
    }

    private void signalTree(String signal) {
        List<String> command = new java.util.ArrayList<>(List.of("kill", "-" + signal, Long.toString(handle.pid())));
        handle.descendants().forEach(d -> command.add(Long.toString(d.pid())));
        ShortCommand.run(command, Duration.ofSeconds(5));
    }

    /** Waits until the process has exited; true if it did within {@code timeout}. */
    public boolean awaitExit(Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    private void reap() {
        if (child != null) {
            try {
                child.waitFor(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sends a named signal (e.g. {@code INT}) with {@code kill(1)}; Java only offers TERM and KILL. */
    static void signal(long pid, String signal) {
        ShortCommand.run(List.of("kill", "-" + signal, Long.toString(pid)), Duration.ofSeconds(5));
    }
}
