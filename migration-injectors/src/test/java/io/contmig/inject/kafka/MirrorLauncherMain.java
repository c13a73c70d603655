package io.contmig.inject.kafka;

import io.contmig.servers.ChildJvm;
import io.contmig.servers.ChildJvmServer;
import io.contmig.servers.KafkaServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Stands in for a runner in the middle of a MirrorMaker 2 mirror, for {@link KilledDuringMirrorBench}: starts two
 * Kafka servers and MM2 mirroring {@code tenant.*} from one to the other, prints {@code READY <pid> <pid> <pid>},
 * then blocks until it is killed.
 */
public final class MirrorLauncherMain {
    private MirrorLauncherMain() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        Path run = base.resolve("run");
        KafkaServer source = new KafkaServer(KafkaServer.Options.defaults("mirror-src", base.resolve("src"))
                .withRunDir(run));
        KafkaServer target = new KafkaServer(KafkaServer.Options.defaults("mirror-dst", base.resolve("dst"))
                .withRunDir(run));
        source.start();
        target.start();
        String config = new MirrorMakerConfig("src", source.bootstrapServers(), "dst", target.bootstrapServers(),
                "tenant\\..*").render();
        Path data = base.resolve("mm2");
        ChildJvmServer mm2 = new ChildJvmServer("mm2-bench", data, run,
                ChildJvm.kafka("org.apache.kafka.connect.mirror.MirrorMaker", data.resolve("mm2.properties").toString())
                        .withJvmOptions("-Xmx256m"),
                dir -> Files.writeString(dir.resolve("mm2.properties"), config), () -> Boolean.TRUE,
                Duration.ofSeconds(60));
        mm2.start();
        System.out.println("READY " + source.pid() + " " + target.pid() + " " + mm2.pid());
        System.out.flush();
        Thread.currentThread().join(); // until kill -9
    }
}
