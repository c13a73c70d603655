package io.contmig.report;

import io.contmig.record.RunRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The synthetic 90 s run behind the golden files. Tenants acme (migrated) and globex; acme's end-to-end
 * latency spikes in the cutover second (51), rest.listMeasurements fails for seconds 50 and 51, acme has two
 * publish failures in second 50. One injection, move-acme-postgres, 40.012 s .. 51.23 s, phases copy,
 * catch-up, cutover; healed at 52 s; run finished at 90 s.
 */
final class GoldenRun {

    static final String PLAN = """
            {"runId":"2026-01-01T00-00-00Z-golden","name":"golden","seed":42,"target":"sandbox",
             "versions":{"contmig":"0.1.0-SNAPSHOT","postgresql":"15.8"},
             "windows":{"baseline":"20s","settle":"5s","after":"20s"},
             "gates":[
               "p99(mqtt.e2e, during) <= 3 * p99(mqtt.e2e, before)",
               "p99(mqtt.e2e@colocated, during) <= 2 * p99(mqtt.e2e@colocated, before)",
               {"expression":"lost == 0","injection":"move-acme-postgres"},
               "downtime(rest.listMeasurements) <= 500ms",
               "p999(mqtt.e2e@migrated, cutover) < 100",
               "errors(mqtt.publish@colocated, during) == 0"
             ]}
            """;

    private GoldenRun() {
    }

    static RunRecord write(Path dir) throws IOException {
        SyntheticRecord r = new SyntheticRecord(dir).plan(PLAN);
        r.mark(0, "run-started", Map.of());
        r.injection(40_012, "move-acme-postgres", "acme");
        r.phase(40_012, "move-acme-postgres", "copy");
        r.phase(46_001, "move-acme-postgres", "catch-up");
        r.phase(50_870, "move-acme-postgres", "cutover");
        r.finished(51_230, "move-acme-postgres");
        r.healed(52_000, "move-acme-postgres");
        r.mark(90_000, "run-finished", Map.of());
        for (int s = 0; s < 90; s++) {
            long acme = s == 51 ? 150_000 : s >= 41 && s <= 46 ? 6_000 : 4_000;
            r.samples(s, "mqtt.e2e", "acme", true, 20, acme, acme == 150_000 ? 1_000 : 100);
            r.samples(s, "mqtt.e2e", "globex", true, 20, 3_000, 100);
            r.samples(s, "mqtt.publish", "acme", true, 20, 1_000, 50);
            r.samples(s, "mqtt.publish", "globex", true, 20, 1_000, 50);
            if (s == 50) {
                r.samples(s, "mqtt.publish", "acme", false, 2, 30_000, 0);
            }
            if (s == 50 || s == 51) {
                r.samples(s, "rest.listMeasurements", null, false, 5, 1_000_000, 0);
            } else {
                r.samples(s, "rest.listMeasurements", null, true, 5, 20_000, 1_000);
            }
        }
        r.verification("move-acme-postgres", """
                {"verdict":"PASS","checked":3600,"lost":0,"duplicated":0,"mismatches":[]}
                """);
        return r.write();
    }
}
