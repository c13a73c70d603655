package io.contmig.sandbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxMainTest {

    @Test
    void parsesDurationsLikeScenarios() {
        assertThat(SandboxMain.duration("--edge-to-cloud", "20ms")).isEqualTo(Duration.ofMillis(20));
        assertThat(SandboxMain.duration("--edge-to-cloud", "1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(SandboxMain.duration("--edge-to-cloud", "7")).isEqualTo(Duration.ofMillis(7));
    }

    @Test
    void badDurationsNameTheArgument() {
        assertThatThrownBy(() -> SandboxMain.duration("--edge-to-cloud", "fast"))
                .hasMessage("--edge-to-cloud: 'fast' is not a duration (e.g. 20ms, 2s)");
        assertThatThrownBy(() -> SandboxMain.duration("--devices-to-edge", "-2ms"))
                .hasMessage("--devices-to-edge: '-2ms' must be >= 0");
    }

    @Test
    void settingsRefuseABadHeap() {
        assertThatThrownBy(() -> SandboxSettings.defaults(java.nio.file.Path.of("x")).withKafkaHeap("lots"))
                .hasMessage("kafkaHeap (lots) must look like 512m");
    }
}
