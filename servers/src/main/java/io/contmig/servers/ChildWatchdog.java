package io.contmig.servers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes every server process this JVM starts die with it, even on {@code kill -9}: one tiny watchdog process per
 * JVM ({@code /bin/sh}, in its own session so that a signal to the JVM's process group spares it) reads
 * {@code watch <pid> <marker>} / {@code forget <pid>} lines on a pipe from this JVM. A dead JVM cannot hold the pipe
 * open, so the watchdog reads end-of-file within milliseconds of the death, whatever killed it; it then sends
 * SIGTERM to every process still watched whose {@code /proc/<pid>/cmdline} contains its marker (a recycled pid is
 * never touched), waits up to {@value #GRACE_TENTHS} tenths of a second and SIGKILLs what is left.
 *
 * <p>A normal exit closes the pipe too: by then the launchers' shutdown hooks have stopped and forgotten their
 * servers, so the watchdog finds nothing to kill. When no watchdog can be started (no {@code /bin/sh}), watching is
 * a logged no-op and {@link PidFiles#cleanEverywhere} at the next start remains the safety net.
 *
 * <p>Thread-safe (one instance per JVM, calls serialised).
 */
public final class ChildWatchdog {

    private static final System.Logger LOG = System.getLogger(ChildWatchdog.class.getName());
    private static final int GRACE_TENTHS = 30;
    private static final String SCRIPT = """
            trap '' HUP INT TERM QUIT
            state=$(mktemp) || exit 1
            while IFS=' ' read -r op pid marker; do
              case "$op" in
                watch) printf '%s %s\\n' "$pid" "$marker" >> "$state" ;;
                forget) grep -v "^$pid " "$state" > "$state.n"; mv "$state.n" "$state" ;;
              esac
            done
            matches() { tr '\\000' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -qF -- "$2"; }
            signal() { while IFS=' ' read -r pid marker; do
                if matches "$pid" "$marker"; then kill "-$1" "$pid" 2>/dev/null; fi; done < "$state"; }
            alive() { while IFS=' ' read -r pid marker; do
                if matches "$pid" "$marker"; then return 0; fi; done < "$state"; return 1; }
            signal TERM
            i=0
            while [ $i -lt GRACE_TENTHS ] && alive; do sleep 0.1; i=$((i+1)); done
            signal KILL
            rm -f "$state" "$state.n"
            """.replace("GRACE_TENTHS", Integer.toString(GRACE_TENTHS));

    /**
     * Set to {@code false} to start no watchdog: only for tests of the fallback ({@link PidFiles#cleanEverywhere}),
     * which need a killed JVM's servers to survive it.
     */
    public static final String ENABLED_PROPERTY = "contmig.childWatchdog";

    private static ChildWatchdog instance;

    private final Process process;
    private final OutputStream pipe;

    private ChildWatchdog(Process process) {
        this.process = process;
        this.pipe = process == null ? null : process.getOutputStream();
    }

    /** The watchdog of this JVM, started on first use. */
    public static synchronized ChildWatchdog instance() {
        if (instance == null) {
            instance = new ChildWatchdog(startProcess());
        }
        return instance;
    }

    private static Process startProcess() {
        if (!Boolean.parseBoolean(System.getProperty(ENABLED_PROPERTY, "true"))) {
            return null;
        }
        try {
            boolean setsid = Files.isExecutable(Path.of("/usr/bin/setsid"));
            ProcessBuilder builder = setsid
                    ? new ProcessBuilder("/usr/bin/setsid", "/bin/sh", "-c", SCRIPT)
                    : new ProcessBuilder("/bin/sh", "-c", SCRIPT);
            Process p = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            LOG.log(System.Logger.Level.DEBUG, "child watchdog started (pid {0})", p.pid());
            return p;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "no child watchdog ({0}): servers of a killed run stay until the next"
                    + " start cleans them", e.toString());
            return null;
        }
    }

    /** The watchdog's pid, or -1 when none runs. */
    public long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Kills {@code pid} when this JVM dies, if its command line then still contains {@code marker}. */
    public synchronized void watch(long pid, String marker) {
        send("watch " + pid + " " + marker.replace('\n', ' ').replace('\r', ' '));
    }

    /** Stops watching {@code pid} (it was stopped normally). */
    public synchronized void forget(long pid) {
        send("forget " + pid);
    }

    private void send(String line) {
        if (pipe == null) {
            return;
        }
        try {
            pipe.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            pipe.flush();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "child watchdog (pid {0}) gone: {1}", pid(), e.toString());
        }
    }
}
