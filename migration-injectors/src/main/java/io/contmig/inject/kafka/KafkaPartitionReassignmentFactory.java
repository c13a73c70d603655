package io.contmig.inject.kafka;

import io.contmig.inject.InjectionSpec;
import io.contmig.inject.Injector;
import io.contmig.inject.InjectorFactory;
import io.contmig.options.OptionSpec;
import io.contmig.options.OptionValues;

import java.time.Duration;
import java.util.List;

/** Makes {@link KafkaPartitionReassignment}s ({@code kafka/partition-reassignment}). Stateless. */
public final class KafkaPartitionReassignmentFactory implements InjectorFactory {

    @Override
    public String alias() {
        return "kafka/partition-reassignment";
    }

    @Override
    public String kind() {
        return "migration";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.integer("toBroker").defaultValue(-1).min(-1)
                        .doc("Broker id that receives the tenant's partitions; -1: the one holding fewest of them."),
                OptionSpec.longValue("throttleBytesPerSecond").defaultValue(0L).min(0)
                        .doc("Replication throttle (leader and follower) during the move, bytes/s; 0: unthrottled."),
                OptionSpec.duration("timeout").defaultValue(Duration.ofMinutes(10)).min(Duration.ofSeconds(1))
                        .doc("How long the reassignment may take before the injection fails (and heal cancels it)."),
                OptionSpec.duration("adminTimeout").defaultValue(Duration.ofSeconds(10)).min(Duration.ofMillis(100))
                        .doc("Timeout of each Kafka admin call."));
    }

    @Override
    public Injector create(InjectionSpec spec, OptionValues options) {
        return new KafkaPartitionReassignment(spec, new KafkaPartitionReassignment.Settings(options.integer("toBroker"),
                options.longValue("throttleBytesPerSecond"), options.duration("timeout"), options.duration("adminTimeout")));
    }
}
