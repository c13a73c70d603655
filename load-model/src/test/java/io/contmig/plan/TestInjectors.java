package io.contmig.plan;

import io.contmig.options.OptionSpec;
import io.contmig.options.SourceDrop;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The injector registry tests resolve plans with: every alias of the scenario contract, with option specs of the
 * kinds injector factories declare (the real ones live in migration-injectors, which load-model cannot see).
 */
final class TestInjectors {

    private TestInjectors() {
    }

    static Map<String, List<OptionSpec>> registry() {
        Map<String, List<OptionSpec>> r = new LinkedHashMap<>();
        r.put("postgresql/stop-and-copy", List.of(
                OptionSpec.integer("batchRows").defaultValue(10_000).min(1).doc("Rows per COPY batch.")));
        r.put("postgresql/logical-replication", List.of(
                OptionSpec.duration("lagThreshold").defaultValue(Duration.ofMillis(500)).min(Duration.ZERO)
                        .doc("Replication lag at which the cutover starts."),
                OptionSpec.string("slot").defaultValue("contmig_slot").matching("[a-z0-9_]+")
                        .doc("Replication slot name.")));
        r.put("kafka/mirrormaker2", List.of(
                OptionSpec.duration("syncInterval").defaultValue(Duration.ofSeconds(1)).min(Duration.ZERO)));
        r.put("kafka/partition-reassignment", List.of(
                OptionSpec.longValue("throttleBytesPerSec").defaultValue(10_000_000L).min(1)));
        r.put("influxdb/copy-catchup", List.of(
                OptionSpec.integer("batchPoints").defaultValue(5_000).min(1),
                OptionSpec.bool("dualWrite").defaultValue(true), SourceDrop.KEY.spec()));
        r.put("influxdb/backup-restore", List.of());
        r.put("placement/kubernetes", List.of(
                OptionSpec.string("deployment").doc("Deployment to move (required)."),
                OptionSpec.oneOf("mechanism", "nodeSelector", "nodeAffinity").defaultValue("nodeAffinity")));
        r.put("placement/sandbox-site", List.of(
                OptionSpec.duration("drainTimeout").defaultValue(Duration.ofSeconds(10)).min(Duration.ZERO)));
        return r;
    }

    static PlanResolver resolver() {
        return new PlanResolver(Defaults.STANDARD, registry(), GateSyntax.UNCHECKED);
    }
}
