package io.contmig.report;

import io.contmig.record.RunRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A recorded run shaped like the default study (for the story table and the browser test): a PostgreSQL move with
 * six short phases (the labels that used to print over each other) and a Kafka move whose inbound hop stalls,
 * with a migrated tenant {@code acme} and a co-located {@code globex}; freshness sampled; verification files with
 * the write block.
 */
final class StoryRun {

    private StoryRun() {
    }

    static RunRecord write(Path dir) throws IOException {
        RecordedRun run = new RecordedRun(dir).plan("{\"runId\":\"story\",\"target\":\"sandbox\","
                + "\"gates\":[\"p99(mqtt.e2e@migrated, during) <= 10 * p99(mqtt.e2e@migrated, before)\"]}");
        run.mark(0, "run-started", "runner", Map.of());
        run.injection(30_000, "move-acme-postgres", "acme");
        double t = 30_000;
        String[] phases = {"prepare", "snapshot", "catch-up", "write-block", "sequence-fix", "cutover"};
        double[] lengths = {2_000, 3_000, 9, 52, 14, 40};
        for (int i = 0; i < phases.length; i++) {
            run.phase(t, "move-acme-postgres", phases[i]);
            t += lengths[i];
        }
        run.finished(t, "move-acme-postgres");
        double pgCutover = t - 40;
        run.injection(60_000, "move-acme-kafka", "acme").phase(60_000, "move-acme-kafka", "mirror")
                .phase(66_000, "move-acme-kafka", "switch").finished(68_000, "move-acme-kafka");
        for (long ms = 0; ms < 100_000; ms += 5) {
            boolean kafka = ms >= 60_000 && ms < 68_000;
            boolean block = ms >= pgCutover - 66 && ms < pgCutover;
            long e2e = kafka ? 900_000 + (ms % 1000) * 100 : block ? 60_000 : 4_000 + (ms % 7) * 500;
            run.sample("mqtt.e2e", "acme", ms * 1000, e2e, true);
            run.sample("mqtt.e2e", "globex", ms * 1000 + 2_000, 3_500 + (ms % 5) * 400, true);
            if (ms % 100 == 0) {
                run.sample("rest.updateDevice", "acme", ms * 1000, block ? 70_000 : 8_000, true);
                run.sample("hop.inbound", "acme", ms * 1000, kafka ? 850_000 : 2_000, true);
                run.sample("hop.persist", "acme", ms * 1000, 3_000, true);
            }
            if (ms % 1500 == 0) { // sampled, as the probe samples a share of the events: seconds without a sample
                run.sample("mqtt.freshness", "acme", ms * 1000, kafka ? 1_200_000 : 150_000, true);
            }
        }
        Files.createDirectories(dir.resolve("verification"));
        Files.writeString(dir.resolve("verification/move-acme-postgres.json"),
                "{\"checked\":500,\"lost\":0,\"duplicated\":0,\"mismatches\":[],\"details\":{\"writeBlockMs\":52.4}}");
        Files.writeString(dir.resolve("verification/move-acme-kafka.json"),
                "{\"checked\":1600,\"lost\":0,\"duplicated\":2,\"mismatches\":[]}");
        return run.write(100_000);
    }
}
