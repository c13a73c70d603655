package io.contmig.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForeignUserDirsTest {
    private static final String ME = System.getProperty("user.name");

    @Test
    void createsAPrivateDirectoryUnderATraversableButUnlistableBase(@TempDir Path tmp) throws Exception {
        ForeignUserDirs dirs = new ForeignUserDirs(tmp.resolve("contmig-x"));
        Path dir = dirs.create("pg-cloud", ME);
        assertThat(dir.getParent()).isEqualTo(dirs.base());
        assertThat(dir.getFileName().toString()).startsWith(ProcessHandle.current().pid() + "-pg-cloud-");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dirs.base()))).isEqualTo("rwx--x--x");
        assertThat(dirs.create("pg-cloud", ME)).as("unique per instance").isNotEqualTo(dir);
    }

    @Test
    void directoriesOfDeadJvmsAreDeletedAtTheNextCreate(@TempDir Path tmp) throws Exception {
        ForeignUserDirs dirs = new ForeignUserDirs(tmp.resolve("contmig-x"));
        Path mine = dirs.create("a", ME);
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        Path leftover = Files.createDirectories(dirs.base().resolve(dead.pid() + "-pg-edge-1/pgdata"));
        Path foreign = Files.createDirectories(dirs.base().resolve("not-ours"));
        dirs.create("b", ME);
        assertThat(leftover.getParent()).doesNotExist();
        assertThat(mine).isDirectory();
        assertThat(foreign).isDirectory();
    }

    @Test
    void aBaseThatIsNotOurDirectoryIsRefused(@TempDir Path tmp) throws Exception {
        Path target = Files.createDirectories(tmp.resolve("elsewhere"));
        Path base = Files.createSymbolicLink(tmp.resolve("contmig-x"), target);
        assertThatThrownBy(() -> new ForeignUserDirs(base).create("a", ME))
                .isInstanceOf(ServerException.class).hasMessageContaining(base + " must be a directory owned by");
    }
}
