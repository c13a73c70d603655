package io.contmig.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Fetches Debian packages into a user cache without installing them: {@code apt-get download} into
 * {@code <cache>/debs/}, then {@code dpkg-deb -x} into {@code <cache>/pkgs/<pkg>-<version>/}; dependencies that are
 * not installed on the system are fetched the same way (so their shared libraries can be put on
 * {@code LD_LIBRARY_PATH}). Idempotent: an extracted package is reused (a {@code .complete} file marks it).
 *
 * <p>When apt's package lists are missing: as root it runs {@code apt-get update} first; otherwise it fails with
 * the command to run. Thread-safe and safe across JVMs (an in-JVM lock, then a file lock in the cache, serialise fetches).
 */
public final class DebianPackages {
    /** Set this system property (or env {@code CONTMIG_CACHE}) to move the cache from {@code ~/.cache/contmig}. */
    public static final String CACHE_PROPERTY = "contmig.cache";
    private static final Duration APT_TIMEOUT = Duration.ofMinutes(5);
    private static final int MAX_DEPTH = 4;
    /** One lock per cache directory, taken before its file lock (see {@link #ensure}). */
    private static final ConcurrentMap<Path, ReentrantLock> IN_JVM_LOCKS = new ConcurrentHashMap<>();

    private final Path cacheRoot;

    public DebianPackages(Path cacheRoot) {
        this.cacheRoot = cacheRoot.toAbsolutePath().normalize();
    }

    /** The cache named by {@value #CACHE_PROPERTY}, {@code $CONTMIG_CACHE}, or {@code ~/.cache/contmig}. */
    public static DebianPackages userCache() {
        String configured = System.getProperty(CACHE_PROPERTY, System.getenv("CONTMIG_CACHE"));
        Path root = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "contmig");
        return new DebianPackages(root);
    }

    public Path cacheRoot() {
        return cacheRoot;
    }

    /**
     * A package extracted into the cache, with the extracted dependencies it needs.
     *
     * @param name         package name
     * @param version      Debian version
     * @param root         extraction root (contains {@code usr/...})
     * @param dependencies extraction roots of fetched, not-installed dependencies (transitively)
     */
    public record Extracted(String name, String version, Path root, List<Path> dependencies) {
        public Extracted {
            Objects.requireNonNull(root, "root");
            dependencies = List.copyOf(dependencies);
        }

        /** A file inside the package, e.g. {@code usr/bin/influxd}; throws when the package does not have it. */
        public Path file(String relative) {
            Path p = root.resolve(relative);
            if (!Files.exists(p)) {
                throw new ServerException("package " + name + " " + version + " has no " + relative + " (in " + root + ")");
            }
            return p;
        }

        /** Library directories of this package and its dependencies, joined for {@code LD_LIBRARY_PATH}. */
        public String libraryPath() {
            List<String> dirs = new ArrayList<>();
            List<Path> roots = new ArrayList<>(dependencies);
            roots.add(0, root);
            for (Path r : roots) {
                for (String sub : List.of("usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu", "usr/lib", "lib")) {
                    if (Files.isDirectory(r.resolve(sub))) {
                        dirs.add(r.resolve(sub).toString());
                    }
                }
            }
            return String.join(":", dirs);
        }
    }

    /** Finds an executable on {@code PATH} (and in {@code /usr/sbin}, {@code /sbin}, where Debian puts daemons). */
    public static Optional<Path> onPath(String binary) {
        List<String> dirs = new ArrayList<>(List.of(Objects.requireNonNullElse(System.getenv("PATH"), "").split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
        return dirs.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d, binary))
                .filter(Files::isExecutable).findFirst();
    }

    /**
     * Ensures {@code pkg} (and, transitively, its dependencies that the system lacks) is extracted in the cache.
     *
     * @throws ServerException naming the package and the command to run when apt cannot provide it
     */
    public Extracted ensure(String pkg) {
        try {
            Files.createDirectories(cacheRoot);
            // A FileLock is held per JVM, not per thread: a second thread's channel.lock() on the same file throws
            // OverlappingFileLockException instead of waiting, so threads of this JVM queue on an in-JVM lock first.
            ReentrantLock inJvm = IN_JVM_LOCKS.computeIfAbsent(cacheRoot.toAbsolutePath().normalize(),
                    k -> new ReentrantLock());
            inJvm.lock();
            try (FileChannel channel = FileChannel.open(cacheRoot.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                Optional<Extracted> known = readIndex(pkg);
                if (known.isPresent()) {
                    return known.get();
                }
                ensureAptLists(pkg);
                Map<String, Path> fetched = new LinkedHashMap<>();
                Path root = fetchWithDependencies(pkg, 0, fetched);
                List<Path> deps = new ArrayList<>(fetched.values());
                deps.remove(root);
                Extracted extracted = new Extracted(pkg, candidateVersion(pkg), root, deps);
                writeIndex(extracted);
                return extracted;
            } finally {
                inJvm.unlock();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not use package cache " + cacheRoot, e);
        }
    }

    /**
     * The result of an earlier {@link #ensure} ({@code pkgs/<pkg>.index}: version, root, dependency roots), when
     * every listed directory is still complete. Saves ~10 apt-cache calls (≈ 0.7 s each) per start; a newer
     * candidate after {@code apt-get update} is picked up only once the index is deleted.
     */
    private Optional<Extracted> readIndex(String pkg) throws IOException {
        Path index = cacheRoot.resolve("pkgs").resolve(pkg + ".index");
        if (!Files.exists(index)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(index);
        if (lines.size() < 2) {
            return Optional.empty();
        }
        List<Path> roots = lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank()).map(Path::of).toList();
        if (roots.isEmpty() || !roots.stream().allMatch(r -> Files.exists(r.resolve(".complete")))) {
            return Optional.empty();
        }
        return Optional.of(new Extracted(pkg, lines.get(0), roots.get(0), roots.subList(1, roots.size())));
    }

    private void writeIndex(Extracted e) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(e.version());
        lines.add(e.root().toString());
        e.dependencies().forEach(d -> lines.add(d.toString()));
        Path index = cacheRoot.resolve("pkgs").resolve(e.name() + ".index");
        Path tmp = index.resolveSibling(index.getFileName() + ".tmp");
        Files.write(tmp, lines);
        Files.move(tmp, index, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Path fetchWithDependencies(String pkg, int depth, Map<String, Path> fetched) {
        if (fetched.containsKey(pkg)) {
            return fetched.get(pkg);
        }
        Path root = fetchOne(pkg);
        fetched.put(pkg, root);
        if (depth < MAX_DEPTH) {
            for (String dep : missingDependencies(pkg)) {
                fetchWithDependencies(dep, depth + 1, fetched);
            }
        }
        return root;
    }

    private Path fetchOne(String pkg) {
        String version = candidateVersion(pkg);
        Path target = cacheRoot.resolve("pkgs").resolve(pkg + "-" + version.replace(':', '_'));
        if (Files.exists(target.resolve(".complete"))) {
            return target;
        }
        try {
            Path debs = Files.createDirectories(cacheRoot.resolve("debs"));
            Path deb = findDeb(debs, pkg, version);
            if (deb == null) {
                ShortCommand.run(List.of("apt-get", "download", "-q", pkg + "=" + version), APT_TIMEOUT, Map.of(), debs)
                        .requireOk("apt-get download " + pkg + " (fix: check network access to the Debian mirror)");
                deb = findDeb(debs, pkg, version);
                if (deb == null) {
                    throw new ServerException("apt-get download " + pkg + "=" + version + " left no .deb in " + debs);
                }
            }
            Path tmp = Files.createDirectories(cacheRoot.resolve("pkgs"))
                    .resolve(".tmp-" + pkg + "-" + ProcessHandle.current().pid());
            Posix.deleteTree(tmp);
            Files.createDirectories(tmp);
            ShortCommand.run(List.of("dpkg-deb", "-x", deb.toString(), tmp.toString()), APT_TIMEOUT)
                    .requireOk("dpkg-deb -x " + deb);
            Files.writeString(tmp.resolve(".complete"), pkg + " " + version + "\n");
            Posix.deleteTree(target);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract " + pkg + " into " + target, e);
        }
    }

    private static Path findDeb(Path debs, String pkg, String version) throws IOException {
        // apt-get download names files <pkg>_<version with ':' as %3a>_<arch>.deb
        String prefix = pkg + "_" + version.replace(":", "%3a") + "_";
        try (Stream<Path> files = Files.list(debs)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().endsWith(".deb")).findFirst().orElse(null);
        }
    }

    /** Candidate version from {@code apt-cache policy}; throws a clear error for an unknown package. */
    static String candidateVersion(String pkg) {
        ShortCommand.Result policy = ShortCommand.run(List.of("apt-cache", "policy", pkg), Duration.ofSeconds(60));
        for (String line : policy.stdout().split("\n")) {
            String t = line.trim();
            if (t.startsWith("Candidate:")) {
                String v = t.substring("Candidate:".length()).trim();
                if (!v.isEmpty() && !v.equals("(none)")) {
                    return v;
                }
            }
        }
        throw new ServerException("Debian package " + pkg + " is not known to apt (apt-cache policy " + pkg
                + " shows no candidate). Fix: " + (Posix.isRoot() ? "" : "sudo ") + "apt-get update");
    }

    /** Depends/PreDepends of {@code pkg} with no installed alternative or provider; the first alternative each. */
    static List<String> missingDependencies(String pkg) {
        ShortCommand.Result depends = ShortCommand.run(List.of("apt-cache", "depends", "--no-recommends",
                "--no-suggests", "--no-conflicts", "--no-breaks", "--no-replaces", "--no-enhances", pkg),
                Duration.ofSeconds(60)).requireOk("apt-cache depends " + pkg);
        List<String> missing = new ArrayList<>();
        // A group is "Depends: a" lines chained by a leading '|' (alternatives), each optionally followed by
        // deeper-indented provider lines (packages that provide a virtual a).
        List<String> group = new ArrayList<>();
        boolean groupContinues = false;
        for (String line : depends.stdout().split("\n")) {
            String t = line.trim();
            boolean isDep = t.startsWith("Depends:") || t.startsWith("|Depends:") || t.startsWith("PreDepends:")
                    || t.startsWith("|PreDepends:");
            if (isDep) {
                if (!groupContinues && !group.isEmpty()) {
                    resolveGroup(group, missing);
                    group.clear();
                }
                String name = t.substring(t.indexOf(':') + 1).trim();
                group.add(name);
                groupContinues = t.startsWith("|");
            } else if (line.startsWith("    ") && !t.isEmpty() && !group.isEmpty()) {
                group.add(t); // provider of the virtual package above
            }
        }
        if (!group.isEmpty()) {
            resolveGroup(group, missing);
        }
        return missing;
    }

    private static void resolveGroup(List<String> group, List<String> missing) {
        List<String> real = group.stream().map(n -> n.replaceFirst(":any$", ""))
                .filter(n -> !(n.startsWith("<") && n.endsWith(">"))).toList();
        if (real.isEmpty() || real.stream().anyMatch(DebianPackages::installed)) {
            return;
        }
        missing.add(real.get(0));
    }

    static boolean installed(String pkg) {
        ShortCommand.Result r = ShortCommand.run(List.of("dpkg-query", "-W", "-f=${Status}", pkg), Duration.ofSeconds(30));
        return r.ok() && r.stdout().contains("install ok installed");
    }

    private void ensureAptLists(String pkg) throws IOException {
        Path lists = Path.of("/var/lib/apt/lists");
        boolean present;
        try (Stream<Path> files = Files.isDirectory(lists) ? Files.list(lists) : Stream.empty()) {
            present = files.anyMatch(f -> f.getFileName().toString().contains("_Packages"));
        }
        if (present) {
            return;
        }
        if (!Posix.isRoot()) {
            throw new ServerException("apt package lists are missing, so " + pkg + " cannot be fetched. Fix: sudo apt-get update");
        }
        ShortCommand.run(List.of("apt-get", "update", "-q"), APT_TIMEOUT).requireOk("apt-get update (needed to fetch " + pkg + ")");
    }
}
