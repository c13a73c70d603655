package io.contmig.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class KafkaOptionsTest {
    private final KafkaServer.Options defaults = KafkaServer.Options.defaults("k", Path.of("target", "k"));

    @Test
    void extraListenersAccumulateAndSurviveOtherChanges() {
        KafkaServer.Options options = defaults.withExtraListener("WAN", 19092, "127.0.0.1:29092")
                .withExtraListener("EDGE", 19093, "localhost:29093").withMaxHeap("256m").withSetting("a", "b");
        assertThat(options.extraListeners()).containsExactly(
                new KafkaServer.ExtraListener("WAN", 19092, "127.0.0.1:29092"),
                new KafkaServer.ExtraListener("EDGE", 19093, "localhost:29093"));
        assertThat(defaults.extraListeners()).isEmpty();
    }

    @Test
    void badExtraListenersAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> defaults.withExtraListener("PLAINTEXT", 19092, "127.0.0.1:1"))
                .hasMessageContaining("PLAINTEXT");
        assertThatThrownBy(() -> defaults.withExtraListener("wan", 19092, "127.0.0.1:1"))
                .hasMessageContaining("(wan)");
        assertThatThrownBy(() -> defaults.withExtraListener("WAN", 0, "127.0.0.1:1"))
                .hasMessageContaining("port (0)");
        assertThatThrownBy(() -> defaults.withExtraListener("WAN", 19092, "127.0.0.1"))
                .hasMessageContaining("advertisedHostPort (127.0.0.1)");
        assertThatThrownBy(() -> defaults.withExtraListener("WAN", 19092, "127.0.0.1:1")
                .withExtraListener("WAN", 19093, "127.0.0.1:2")).hasMessageContaining("repeat a name");
    }
}
