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

/** A launcher JVM killed with SIGKILL leaves its server running; cleanLeftovers finds and stops it. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LeftoverCleanupIT {

    @Test
    void killsTheServerOfAKilledLauncherAndRemovesItsData() throws Exception {
        Path base = TestDirs.dataDir("leftover-it");
        Path data = base.resolve("orphan");
        Path run = base.resolve("run");
        Files.createDirectories(base);
        Path log = base.resolve("launcher.log");
        ChildJvm launcher = new ChildJvm(LeftoverLauncherMain.class.getName(), List.of(data.toString(), run.toString()),
                List.of("-Xmx64m"), System.getProperty("java.class.path"));
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
}
