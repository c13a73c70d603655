package io.contmig.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A launcher JVM killed with SIGKILL: its {@link ChildWatchdog} stops its server within seconds; without a watchdog
 * the server is left running, and cleanLeftovers (in its run dir) or cleanEverywhere (from anywhere) stops it.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LeftoverCleanupIT {

    @Test
    void killsTheServerOfAKilledLauncherAndRemovesItsData() throws Exception {
        Path base = TestDirs.dataDir("leftover-it");
        Path data = base.resolve("orphan");
        Path run = base.resolve("run");
        long brokerPid = startAndKillLauncher(base, data, run, false);
        assertThat(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive)).contains(true);
        assertThat(run.resolve("orphan.pid")).exists();

        List<String> actions = PidFiles.cleanLeftovers(run);

        assertThat(actions).contains("killed orphan (pid " + brokerPid + ")", "deleted " + data,
                "removed pid file orphan.pid");
        assertThat(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(data).doesNotExist();
        assertThat(run.resolve("orphan.pid")).doesNotExist();
        assertThat(PidFiles.cleanLeftovers(run)).isEmpty();
    }

    @Test
    void theNextStartCleansALeftoverWhereverItsRunStarted() throws Exception {
        Path base = TestDirs.dataDir("leftover-elsewhere-it");
        Path data = base.resolve("orphan");
        Path run = base.resolve("somewhere-else").resolve("run");
        long brokerPid = startAndKillLauncher(base, data, run, false);
        assertThat(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive)).contains(true);

        assertThat(PidFiles.cleanEverywhere()).contains("killed orphan (pid " + brokerPid + ")", "deleted " + data);

        assertThat(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(run.resolve("orphan.pid")).doesNotExist();
    }

    @Test
    void theWatchdogStopsTheServerOfAKilledLauncherWithinTenSeconds() throws Exception {
        Path base = TestDirs.dataDir("leftover-watchdog-it");
        long brokerPid = startAndKillLauncher(base, base.resolve("orphan"), base.resolve("run"), true);
        long killedAt = System.nanoTime();
        Readiness.await("the broker of the killed launcher gone", Duration.ofSeconds(10),
                () -> ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive).orElse(false) ? null : true,
                () -> null);
        System.out.printf("LeftoverCleanupIT: broker gone %.2f s after kill -9 of its launcher%n",
                (System.nanoTime() - killedAt) / 1e9);
    }

    /** Starts a launcher JVM (with or without its watchdog) that starts a broker, kills it (SIGKILL), returns the broker's pid. */
    private static long startAndKillLauncher(Path base, Path data, Path run, boolean watchdog) throws Exception {
        Files.createDirectories(base);
        Path log = base.resolve("launcher.log");
        ChildJvm launcher = new ChildJvm(LeftoverLauncherMain.class.getName(), List.of(data.toString(), run.toString()),
                List.of("-Xmx64m", "-D" + ChildWatchdog.ENABLED_PROPERTY + "=" + watchdog),
                System.getProperty("java.class.path"));
        RunningProcess jvm = launcher.start(log, base);
        long brokerPid;
        try {
            brokerPid = Readiness.await("launcher JVM printing READY", Duration.ofSeconds(60), () -> {
                Optional<String> line = Files.readAllLines(log).stream().filter(l -> l.startsWith("READY ")).findFirst();
                return line.map(l -> Long.valueOf(l.substring(6).trim())).orElse(null);
            }, () -> jvm.isAlive() ? null : "launcher exited: " + ShortCommand.tailOf(log, 20));
        } finally {
            jvm.kill(); // SIGKILL: no shutdown hook runs
        }
        assertThat(jvm.isAlive()).isFalse();
        return brokerPid;
    }
}
