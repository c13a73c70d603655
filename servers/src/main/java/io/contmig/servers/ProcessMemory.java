package io.contmig.servers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads resident memory ({@code VmRSS}) of processes from {@code /proc/<pid>/status}. Stateless, thread-safe.
 * A process that disappears while being read counts as 0 bytes.
 */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** VmRSS of one process in bytes (0 when the process is gone or has no resident set, e.g. a zombie). */
    public static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    // Format: "VmRSS:\t   12345 kB"
                    String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024L;
                }
            }
            return 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * VmRSS of a process plus all its descendants. Shared pages (e.g. PostgreSQL's shared buffers) are counted once
     * per process that touched them, so this is an upper bound.
     */
    public static long treeRssBytes(long pid) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return 0;
        }
        long total = rssBytes(pid);
        for (ProcessHandle child : (Iterable<ProcessHandle>) handle.get().descendants()::iterator) {
            total += rssBytes(child.pid());
        }
        return total;
    }

    /** Bytes as MiB with one decimal, for reports. */
    public static String mebibytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
