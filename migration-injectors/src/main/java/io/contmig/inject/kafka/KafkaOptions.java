package io.contmig.inject.kafka;

import io.contmig.options.OptionKey;

import java.time.Duration;

/** Option keys shared by the Kafka injectors. */
final class KafkaOptions {

    private KafkaOptions() {
    }

    static final OptionKey<Duration> ADMIN_TIMEOUT = OptionKey.duration("adminTimeout")
            .defaultValue(Duration.ofSeconds(10)).min(Duration.ofMillis(100))
            .doc("Timeout of each Kafka admin call.");
}
