package io.contmig.inject.kafka;

import io.contmig.inject.InjectorFactories;
import io.contmig.options.OptionValues;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MirrorMakerConfigTest {

    private final MirrorMakerConfig config = new MirrorMakerConfig("cloud_acme", "127.0.0.1:1", "edge_acme",
            "127.0.0.1:2", new TenantTopics("acme", 1000).regex());

    @Test
    void mirrorsOnlyTheTenantsTopicsWithIdentityNamesAndOffsetSync() {
        Map<String, String> p = config.properties();
        assertThat(p).containsEntry("cloud_acme->edge_acme.enabled", "true")
                .containsEntry("edge_acme->cloud_acme.enabled", "false")
                .containsEntry("replication.policy.class", "org.apache.kafka.connect.mirror.IdentityReplicationPolicy")
                .containsEntry("edge_acme.plugin.discovery", "service_load")
                .containsEntry("offset.lag.max", "0")
                .containsEntry("sync.group.offsets.enabled", "true")
                .containsEntry("emit.checkpoints.interval.seconds", "1")
                .containsEntry("offset-syncs.topic.replication.factor", "1");
        Pattern topics = Pattern.compile(p.get("cloud_acme->edge_acme.topics"));
        assertThat(topics.matcher("sitewhere.sitewhere.tenant.acme.event-source-decoded-events").matches()).isTrue();
        assertThat(topics.matcher("sitewhere.sitewhere.tenant.acmex.inbound-events").matches()).isFalse();
        assertThat(topics.matcher("sitewhere.sitewhere.tenant.globex.inbound-events").matches()).isFalse();
        assertThat(topics.matcher("sitewhereXsitewhere.tenant.acme.x").matches()).isFalse();
        assertThat(config.render()).contains("clusters = cloud_acme, edge_acme\n");
    }

    @Test
    void refusesAliasesThatWouldBreakTheFile() {
        assertThatThrownBy(() -> new MirrorMakerConfig("a b", "x", "c", "y", ".*"))
                .hasMessageContaining("sourceAlias (a b)");
        assertThatThrownBy(() -> new MirrorMakerConfig("a", "x", "a", "y", ".*")).hasMessageContaining("both 'a'");
    }

    @Test
    void factoriesDeclareTheirThrottleKnobsAndRejectBadValues() {
        var factories = InjectorFactories.installed();
        assertThat(factories.aliases()).contains("kafka/mirrormaker2", "kafka/partition-reassignment",
                "influxdb/copy-catchup", "influxdb/backup-restore");
        List<String> problems = new ArrayList<>();
        OptionValues.validate("injections[0].migration.options", Map.of("pointsPerSecond", "-1", "chunk", "soon"),
                factories.require("influxdb/copy-catchup").options(), problems);
        assertThat(problems).anyMatch(m -> m.startsWith("injections[0].migration.options.pointsPerSecond"))
                .anyMatch(m -> m.contains("'soon' is not a duration"));
        problems.clear();
        OptionValues.validate("o", Map.of("throttleBytesPerSecond", "-5"),
                factories.require("kafka/partition-reassignment").options(), problems);
        assertThat(problems).containsExactly("o.throttleBytesPerSecond: -5 must be >= 0");
    }
}
