package io.contmig.inject.kafka;

import io.contmig.servers.ChildJvm;
import io.contmig.servers.RunningProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12's figure: a runner JVM killed with SIGKILL while MirrorMaker 2 mirrors — seconds until none of the
 * processes it started (two Kafka servers, MM2) is left. A measurement (two Kafka starts), run with
 * {@code mvn -B verify -pl migration-injectors -am -Pbench -Dit.test=KilledDuringMirrorBench}.
 */
class KilledDuringMirrorBench {

    @Test
    void everyChildIsGoneWithinTenSecondsOfKillMinusNine() throws Exception {
        Path base = Path.of("target", "bench", "killed-during-mirror").toAbsolutePath();
        Files.createDirectories(base);
        Path log = base.resolve("launcher.log");
        Files.deleteIfExists(log);
        RunningProcess runner = new ChildJvm(MirrorLauncherMain.class.getName(), List.of(base.toString()),
                List.of("-Xmx256m"), System.getProperty("java.class.path")).start(log, base);
        long[] pids = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (pids == null) {
            assertThat(runner.isAlive()).as("launcher alive (see %s)", log).isTrue();
            assertThat(System.nanoTime()).as("launcher READY in time").isLessThan(deadline);
            Optional<String> ready = Files.readAllLines(log).stream().filter(l -> l.startsWith("READY ")).findFirst();
            if (ready.isPresent()) {
                pids = Arrays.stream(ready.get().substring(6).trim().split(" ")).mapToLong(Long::parseLong).toArray();
            } else {
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        // Let MM2 get into its mirror (it creates its internal topics on both clusters) before the kill.
        TimeUnit.SECONDS.sleep(5);
        runner.kill();
        long killed = System.nanoTime();
        long[] children = pids;
        while (Arrays.stream(children).anyMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false))) {
            assertThat(System.nanoTime() - killed).as("children gone within 10 s of kill -9")
                    .isLessThan(TimeUnit.SECONDS.toNanos(10));
            TimeUnit.MILLISECONDS.sleep(20);
        }
        System.out.printf("KilledDuringMirrorBench: no child left %.2f s after kill -9 of the runner (pids %s)%n",
                (System.nanoTime() - killed) / 1e9, Arrays.toString(children));
    }
}
