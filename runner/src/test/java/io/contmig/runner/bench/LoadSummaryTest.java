package io.contmig.runner.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadSummaryTest {

    @Test
    void theRunFinishedMarkNamesTheMqttClientAlongsideTheConnectionMode() {
        LoadSummary s = new LoadSummary(10, 9, 1, "per-device", "hivemq", 0.4, false, "fleet");

        assertThat(s.runFinishedAttributes())
                .containsEntry("connectionMode", "per-device")
                .containsEntry("mqttClient", "hivemq")
                .containsEntry("acknowledged", 9L);
    }

    @Test
    void theClientIsRequired() {
        assertThatThrownBy(() -> new LoadSummary(0, 0, 0, "shared", null, 0, false, ""))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("mqttClient");
    }
}
