package io.contmig.inject.influx;

import io.contmig.options.OptionKey;

import java.time.Duration;

/** Option keys shared by the InfluxDB injectors. */
final class InfluxOptions {

    private InfluxOptions() {
    }

    static final OptionKey<Integer> BATCH_SIZE = OptionKey.integer("batchSize").defaultValue(5000).min(1).max(100_000)
            .doc("Points per write request to the target.");
    static final OptionKey<Duration> HTTP_TIMEOUT = OptionKey.duration("httpTimeout")
            .defaultValue(Duration.ofSeconds(30)).min(Duration.ofMillis(100))
            .doc("Timeout of each HTTP request to either server.");
}
