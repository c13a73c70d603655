package io.contmig.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Directories for servers that run as another user (PostgreSQL as {@code postgres} when this JVM is root) and so
 * cannot reach a data directory under a private parent (a clone in {@code /root} or in a {@code mktemp -d}
 * directory). Each one lives under a base that every user can traverse but not list, {@code /var/tmp/contmig-<uid>/}
 * (owned by this JVM's user, mode 0711), as {@code <jvm pid>-<name>-<n>}: created 0700 and owned by the server's user.
 * Directories whose JVM is gone are deleted whenever a new one is created, so a killed run leaves nothing behind for
 * long. Thread-safe.
 */
final class ForeignUserDirs {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private final Path base;

    ForeignUserDirs(Path base) {
        this.base = base.toAbsolutePath().normalize();
    }

    /** The standard base, {@code /var/tmp/contmig-<uid>}. */
    static ForeignUserDirs standard() {
        return new ForeignUserDirs(Path.of("/var/tmp", "contmig-" + Posix.uid()));
    }

    Path base() {
        return base;
    }

    /**
     * Deletes the directories of JVMs that are gone, then creates a new 0700 directory owned by {@code user}.
     *
     * @throws ServerException when the base is not a directory owned by this JVM's user (e.g. a symlink planted by
     *                         someone else), naming it
     */
    Path create(String name, String user) {
        try {
            prepareBase();
            cleanLeftovers();
            Path dir = base.resolve(ProcessHandle.current().pid() + "-" + name + "-" + SEQUENCE.incrementAndGet());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Posix.chownRecursive(dir, user);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a directory for user " + user + " under " + base, e);
        }
    }

    /** Deletes the directories under the base whose JVM is no longer alive; returns what was deleted. */
    List<Path> cleanLeftovers() throws IOException {
        if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(base)) {
            List<Path> dead = entries.filter(d -> ownerPid(d) > 0 && !alive(ownerPid(d))).toList();
            dead.forEach(Posix::deleteTree);
            return dead;
        }
    }

    private void prepareBase() throws IOException {
        if (!Files.exists(base, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectories(base);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another JVM created it first
            }
        }
        UserPrincipal me = FileSystems.getDefault().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
        if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)
                || !Files.getOwner(base, LinkOption.NOFOLLOW_LINKS).equals(me)) {
            throw new ServerException(base + " must be a directory owned by " + me.getName()
                    + " (it holds the data of servers that run as another user); remove it and run again");
        }
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
    }

    private static long ownerPid(Path dir) {
        String n = dir.getFileName().toString();
        int dash = n.indexOf('-');
        try {
            return dash > 0 ? Long.parseLong(n.substring(0, dash)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
