package io.contmig.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A dynamic AppCDS class archive for one child JVM kind (main class + classpath + this JDK build), kept in
 * {@code <cache>/cds/}: Kafka's JVMs spend most of their start-up loading ~7,000 classes, and mapping them from an
 * archive cuts that by about a third (more on a busy machine). The first run of a kind records the archive at exit
 * ({@code -XX:ArchiveClassesAtExit}) into a temporary file that {@link #settle} promotes only after a clean exit;
 * later runs map it ({@code -XX:SharedArchiveFile}, {@code -Xshare:auto}: an unusable archive is ignored, never
 * fatal). Disabled with {@code -Dcontmig.cds=false}, and on a class path holding a directory (tests in the reactor). One instance per launched JVM; not thread-safe.
 */
final class ClassArchive {
    private final Path archive;
    private final Path recording; // null when mapping an existing archive or disabled
    private final boolean enabled;

    private ClassArchive(Path archive, Path recording, boolean enabled) {
        this.archive = archive;
        this.recording = recording;
        this.enabled = enabled;
    }

    /** Decides between mapping the archive of this JVM kind and recording it. */
    static ClassArchive forJvm(ChildJvm jvm) {
        if (!Boolean.parseBoolean(System.getProperty("contmig.cds", "true")) || hasDirectory(jvm.classpath())) {
            return new ClassArchive(null, null, false);
        }
        String key = jvm.mainClass() + "\n" + jvm.classpath() + "\n" + System.getProperty("java.home") + "\n"
                + System.getProperty("java.vm.version");
        Path dir = DebianPackages.userCache().cacheRoot().resolve("cds");
        Path archive = dir.resolve(jvm.mainClass() + "-" + sha256(key).substring(0, 16) + ".jsa");
        if (Files.isRegularFile(archive)) {
            return new ClassArchive(archive, null, true);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            return new ClassArchive(null, null, false); // no cache, no archive: only slower
        }
        Path recording = dir.resolve(archive.getFileName() + "." + ProcessHandle.current().pid() + "-" + System.nanoTime()
                + ".tmp");
        return new ClassArchive(archive, recording, true);
    }

    /**
     * Whether the class path holds a directory (a reactor build's {@code target/classes}): the JVM refuses to record
     * or map an archive over a non-empty directory, so such a JVM runs without one.
     */
    private static boolean hasDirectory(String classpath) {
        return java.util.Arrays.stream(classpath.split(java.io.File.pathSeparator))
                .anyMatch(e -> !e.isBlank() && Files.isDirectory(Path.of(e)));
    }

    /** Whether this JVM records the archive (and so exits more slowly). */
    boolean isRecording() {
        return recording != null;
    }

    /** JVM options to add. */
    List<String> options() {
        if (!enabled) {
            return List.of();
        }
        if (recording == null) {
            return List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto");
        }
        return List.of("-XX:ArchiveClassesAtExit=" + recording);
    }

    /** After the JVM exited: keeps a recording made by a clean exit, drops one from a killed JVM. */
    void settle(boolean cleanExit) {
        if (recording == null) {
            return;
        }
        try {
            if (cleanExit && Files.isRegularFile(recording) && !Files.exists(archive)) {
                Files.move(recording, archive, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.deleteIfExists(recording);
        } catch (IOException e) {
            // Another JVM promoted its recording first, or the cache is read-only: the next run records again.
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
