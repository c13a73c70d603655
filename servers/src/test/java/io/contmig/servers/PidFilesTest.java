package io.contmig.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFilesTest {

    @Test
    void neverKillsAProcessWhoseCommandLineDoesNotMatch(@TempDir Path dir) throws IOException {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            Path data = Files.createDirectories(dir.resolve("data"));
            PidFiles.write(dir, "recycled", sleeper.pid(), "/some/other/server/dir", data);
            rewriteOwner(dir.resolve("recycled.pid"), deadPid());
            List<String> actions = PidFiles.cleanLeftovers(dir);
            assertThat(sleeper.isAlive()).isTrue();
            assertThat(actions).containsExactly("deleted " + data, "removed pid file recycled.pid");
        } finally {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void killsAMatchingProcessOfADeadOwnerButLeavesLiveOwnersAlone(@TempDir Path dir) throws Exception {
        String marker = dir.resolve("marker-" + System.nanoTime()).toString();
        Process orphan = blocker(marker);
        Process concurrent = blocker(marker + "-b");
        Process liveOwner = new ProcessBuilder("sleep", "30").start();
        try {
            PidFiles.write(dir, "orphan", orphan.pid(), marker, null);
            rewriteOwner(dir.resolve("orphan.pid"), deadPid());
            PidFiles.write(dir, "concurrent", concurrent.pid(), marker + "-b", null);
            rewriteOwner(dir.resolve("concurrent.pid"), liveOwner.pid());

            List<String> actions = PidFiles.cleanLeftovers(dir);

            assertThat(actions).containsExactly("killed orphan (pid " + orphan.pid() + ")", "removed pid file orphan.pid");
            assertThat(RunningProcess.of(orphan).awaitExit(Duration.ofSeconds(5))).isTrue();
            assertThat(concurrent.isAlive()).isTrue();
            assertThat(dir.resolve("concurrent.pid")).exists();
        } finally {
            orphan.destroyForcibly();
            concurrent.destroyForcibly();
            liveOwner.destroyForcibly();
        }
    }

    @Test
    void leavesLiveServersOfThisJvmAlone(@TempDir Path dir) throws IOException {
        String marker = dir.resolve("mine").toString();
        Process mine = blocker(marker);
        try {
            PidFiles.write(dir, "mine", mine.pid(), marker, null);
            assertThat(PidFiles.cleanLeftovers(dir)).isEmpty();
            assertThat(mine.isAlive()).isTrue();
        } finally {
            mine.destroyForcibly();
        }
    }

    /** A single process whose command line contains {@code marker} and that runs until killed. */
    private static Process blocker(String marker) throws IOException {
        Files.writeString(Path.of(marker), "");
        return new ProcessBuilder("tail", "-f", marker).start();
    }

    private static long deadPid() throws IOException {
        Process p = new ProcessBuilder("true").start();
        RunningProcess.of(p).awaitExit(Duration.ofSeconds(5));
        return p.pid();
    }

    private static void rewriteOwner(Path pidFile, long owner) throws IOException {
        String text = Files.readString(pidFile).replaceAll("(?m)^owner=\\d+$", "owner=" + owner);
        Files.writeString(pidFile, text);
    }
}
