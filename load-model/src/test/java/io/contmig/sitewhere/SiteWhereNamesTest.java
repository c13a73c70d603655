package io.contmig.sitewhere;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SiteWhere 3.0's names, spelt out here once more on purpose: this is where a drift from SiteWhere shows. */
class SiteWhereNamesTest {

    private final SiteWhereNames acme = SiteWhereNames.of("acme");

    @Test
    void kafkaTopicsAndGroupsFollowSiteWhere() {
        assertThat(acme.decodedEventsTopic()).isEqualTo("sitewhere.sitewhere.tenant.acme.event-source-decoded-events");
        assertThat(acme.topics()).hasSize(7).allMatch(t -> t.startsWith("sitewhere.sitewhere.tenant.acme."))
                .contains("sitewhere.sitewhere.tenant.acme.inbound-events",
                        "sitewhere.sitewhere.tenant.acme.outbound-events");
        assertThat(acme.groups()).containsExactly("sitewhere-sitewhere-acme-inbound-processing-decoded",
                "sitewhere-sitewhere-acme-event-management-persistence",
                "sitewhere.sitewhere.tenant.acme.connector.mqtt1");
    }

    @Test
    void theTopicRegexSelectsExactlyTheTenantsTopics() {
        Pattern regex = Pattern.compile(acme.topicRegex());
        assertThat(acme.topics()).allMatch(t -> regex.matcher(t).matches());
        assertThat(regex.matcher("sitewhere.sitewhere.tenant.acmex.inbound-events").matches()).isFalse();
        assertThat(regex.matcher("sitewhereXsitewhere.tenant.acme.inbound-events").matches()).isFalse();
    }

    @Test
    void mqttTopicsDatabaseAndInfluxLayout() {
        assertThat(acme.mqttInputTopic()).isEqualTo("SiteWhere/acme/input/json");
        assertThat(acme.mqttOutputTopic()).isEqualTo("SiteWhere/acme/output/mqtt1");
        assertThat(acme.database()).isEqualTo("tenant_acme");
        assertThat(SiteWhereNames.DEVICE_MANAGEMENT_SCHEMA).isEqualTo("devicemanagement");
        assertThat(SiteWhereNames.MEASUREMENT).isEqualTo("events");
        assertThat(SiteWhereNames.FIELD_SEQ).isEqualTo("meta:seq");
    }

    @Test
    void aTenantThatIsNoSafeNameIsRefusedByName() {
        assertThatThrownBy(() -> SiteWhereNames.of("Robert'); DROP")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tenant (Robert'); DROP) must match");
        assertThatThrownBy(() -> SiteWhereNames.of(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSeqOfADecodedEventIsReadOrZero() {
        assertThat(EventSeq.ofDecodedEvent("{\"request\":{\"metadata\":{\"seq\":\"42\"}}}"
                .getBytes(StandardCharsets.UTF_8))).isEqualTo(42);
        assertThat(EventSeq.ofDecodedEvent("{\"request\":{\"metadata\":{\"seq\":\"x\"}}}"
                .getBytes(StandardCharsets.UTF_8))).isZero();
    }
}
