package io.contmig.plugin;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class PropertiesTest {

    @Test
    void secretsAreRedactedAndEverythingElseShown() {
        Map<String, String> props = new TreeMap<>(Map.of(
                "contmig.endpoints.rest.password", "hunter2",
                "contmig.endpoints.kafka.saslJaasToken", "t0k",
                "contmig.seed", "7",
                "contmig.tenants.acme.devices", "10"));
        String shown = Properties.redacted(props);
        assertThat(shown).doesNotContain("hunter2").doesNotContain("t0k")
                .contains("contmig.endpoints.rest.password=******", "contmig.seed=7", "contmig.tenants.acme.devices=10");
    }

    @Test
    void secretnessIsJudgedByTheLastSegment() {
        assertThat(Properties.isSecret("contmig.endpoints.postgres.password")).isTrue();
        assertThat(Properties.isSecret("contmig.apiKey")).isTrue();
        assertThat(Properties.isSecret("contmig.password.length.hint")).isFalse();
        assertThat(Properties.isSecret("contmig.duration")).isFalse();
    }
}
