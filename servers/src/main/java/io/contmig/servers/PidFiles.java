package io.contmig.servers;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * One pid file per running server in a run-state directory ({@code <name>.pid}, a small properties file:
 * {@code pid}, {@code owner} = pid of the JVM that started it, {@code marker} = a string its
 * {@code /proc/<pid>/cmdline} must contain, {@code data} = its data directory). {@link #cleanLeftovers} uses them to
 * stop servers of an earlier run whose JVM was killed before it could close them. Each pid file is also indexed
 * in the user's state directory ({@code <contmig cache>/state/pids/}, see {@link DebianPackages#userCache}), so that
 * {@link #cleanEverywhere} finds the leftovers of a run started from any directory.
 *
 * <p>Stateless and thread-safe; concurrent writers must use distinct names.
 */
public final class PidFiles {
    private PidFiles() {
    }

    /** What a pid file records. */
    public record Entry(String name, long pid, long ownerPid, String marker, Optional<Path> dataDir) {
        public Entry {
            if (name == null || name.isBlank() || name.contains("/")) {
                throw new IllegalArgumentException("name (" + name + ") must be a non-blank file name");
            }
            if (pid <= 0) {
                throw new IllegalArgumentException("pid (" + pid + ") must be > 0");
            }
            if (marker == null || marker.isBlank()) {
                throw new IllegalArgumentException("marker (" + marker + ") must be non-blank");
            }
        }
    }

    /** Writes (or replaces) {@code <runDir>/<name>.pid} for a server started by this JVM. */
    public static Path write(Path runDir, String name, long pid, String marker, Path dataDir) {
        Entry entry = new Entry(name, pid, ProcessHandle.current().pid(), marker, Optional.ofNullable(dataDir));
        Properties props = new Properties();
        props.setProperty("pid", Long.toString(entry.pid()));
        props.setProperty("owner", Long.toString(entry.ownerPid()));
        props.setProperty("marker", entry.marker());
        entry.dataDir().ifPresent(d -> props.setProperty("data", d.toAbsolutePath().toString()));
        try {
            Files.createDirectories(runDir);
            Path file = runDir.resolve(name + ".pid");
            Path tmp = runDir.resolve(name + ".pid.tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                props.store(w, "contmig server " + name);
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            index(runDir, name);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write pid file for " + name + " in " + runDir, e);
        }
    }

    /** Removes {@code <runDir>/<name>.pid} (and its index entry) if present. */
    public static void remove(Path runDir, String name) {
        try {
            Files.deleteIfExists(runDir.resolve(name + ".pid"));
            Files.deleteIfExists(indexFile(runDir, name));
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove pid file " + runDir.resolve(name + ".pid"), e);
        }
    }

    /** Reads every pid file in {@code runDir} (none when it does not exist). Unreadable files are skipped. */
    public static List<Entry> read(Path runDir) {
        List<Entry> entries = new ArrayList<>();
        if (!Files.isDirectory(runDir)) {
            return entries;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(runDir, "*.pid")) {
            for (Path file : files) {
                Properties props = new Properties();
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    props.load(r);
                    String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
                    String data = props.getProperty("data");
                    entries.add(new Entry(name, Long.parseLong(props.getProperty("pid", "0")),
                            Long.parseLong(props.getProperty("owner", "0")), props.getProperty("marker"),
                            Optional.ofNullable(data).map(Path::of)));
                } catch (IOException | RuntimeException e) {
                    // A torn or foreign file is not ours to act on.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + runDir, e);
        }
        return entries;
    }

    /**
     * Cleans up after earlier runs that did not close their servers. For each pid file in {@code runDir}:
     * <ul>
     *   <li>owned by another JVM that is still alive: left alone (a concurrent run);</li>
     *   <li>owned by this JVM while its process is alive: left alone (a live launcher tracks it);</li>
     *   <li>otherwise: the process is killed (TERM, then KILL after 5 s) <em>only if</em> its
     *       {@code /proc/<pid>/cmdline} still contains the recorded marker (so a recycled pid is never killed),
     *       then its data directory and the pid file are deleted.</li>
     * </ul>
     *
     * @return one line per action taken, for logs and tests
     */
    public static List<String> cleanLeftovers(Path runDir) {
        return clean(runDir, read(runDir));
    }

    /**
     * Like {@link #cleanLeftovers} for the one pid file {@code <name>.pid}; a launcher calls it before its first
     * start so that a server left behind by a killed run under the same name does not hold its ports or data.
     *
     * @throws ServerException when a live JVM (this one included) runs a server under that name in {@code runDir}
     */
    public static List<String> cleanLeftover(Path runDir, String name) {
        List<Entry> mine = read(runDir).stream().filter(e -> e.name().equals(name)).toList();
        for (Entry e : mine) {
            // A live owner (this JVM included: another launcher instance) still tracks the process.
            if (isAlive(e.ownerPid()) && isAlive(e.pid()) && Posix.cmdline(e.pid()).contains(e.marker())) {
                throw new ServerException("server " + name + " is already running (pid " + e.pid() + ", started by JVM "
                        + e.ownerPid() + "; pid file " + runDir.resolve(name + ".pid")
                        + "): use another name or run dir");
            }
        }
        return clean(runDir, mine);
    }

    /**
     * {@link #cleanLeftovers} for every run directory that has indexed a pid file, wherever it was started from:
     * what a start calls so that servers of a killed run are cleaned even when the next run starts elsewhere.
     * Index entries whose pid file is gone are dropped.
     *
     * @return one line per action taken
     */
    public static List<String> cleanEverywhere() {
        List<String> actions = new ArrayList<>();
        Path index = indexDir();
        if (!Files.isDirectory(index)) {
            return actions;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(index, "*.pid")) {
            for (Path file : files) {
                Properties props = new Properties();
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    props.load(r);
                } catch (IOException e) {
                    continue;
                }
                Path runDir = Path.of(props.getProperty("runDir", "/nonexistent"));
                String name = props.getProperty("name", "");
                List<Entry> entries = read(runDir).stream().filter(e -> e.name().equals(name)).toList();
                if (entries.isEmpty()) {
                    Files.deleteIfExists(file);
                } else {
                    actions.addAll(clean(runDir, entries));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not clean the leftovers indexed in " + index, e);
        }
        return actions;
    }

    /** The index of pid files: {@code <contmig cache>/state/pids}. */
    static Path indexDir() {
        return DebianPackages.userCache().cacheRoot().resolve("state").resolve("pids");
    }

    private static Path indexFile(Path runDir, String name) {
        String key = runDir.toAbsolutePath().normalize().toString();
        return indexDir().resolve(name + "-" + Integer.toHexString(key.hashCode()) + ".pid");
    }

    /** Best effort: a run whose index cannot be written is still cleaned from its own run directory. */
    private static void index(Path runDir, String name) {
        Properties props = new Properties();
        props.setProperty("runDir", runDir.toAbsolutePath().normalize().toString());
        props.setProperty("name", name);
        try {
            Posix.createPrivateDirectories(indexDir().getParent());
            Files.createDirectories(indexDir());
            try (Writer w = Files.newBufferedWriter(indexFile(runDir, name), StandardCharsets.UTF_8)) {
                props.store(w, "contmig pid file index");
            }
        } catch (IOException e) {
            // the run directory's own pid file remains the record
        }
    }

    private static List<String> clean(Path runDir, List<Entry> entries) {
        List<String> actions = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        for (Entry e : entries) {
            boolean processAlive = ProcessHandle.of(e.pid()).map(ProcessHandle::isAlive).orElse(false);
            boolean matches = processAlive && Posix.cmdline(e.pid()).contains(e.marker());
            if (e.ownerPid() != self && isAlive(e.ownerPid())) {
                continue;
            }
            if (e.ownerPid() == self && matches) {
                continue;
            }
            if (matches) {
                ProcessHandle handle = ProcessHandle.of(e.pid()).orElseThrow();
                List<ProcessHandle> descendants = handle.descendants().toList();
                RunningProcess.ofPid(e.pid()).stop(Duration.ofSeconds(5), handle::destroy);
                descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
                actions.add("killed " + e.name() + " (pid " + e.pid() + ")");
            }
            e.dataDir().filter(Files::exists).ifPresent(d -> {
                Posix.deleteTree(d);
                actions.add("deleted " + d);
            });
            remove(runDir, e.name());
            actions.add("removed pid file " + e.name() + ".pid");
        }
        return actions;
    }

    private static boolean isAlive(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
