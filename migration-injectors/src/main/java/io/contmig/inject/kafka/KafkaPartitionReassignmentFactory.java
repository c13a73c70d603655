package io.contmig.inject.kafka;

import io.contmig.inject.InjectionSpec;
import io.contmig.inject.Injector;
import io.contmig.inject.InjectorFactory;
import io.contmig.options.OptionKey;
import io.contmig.options.OptionSpec;
import io.contmig.options.OptionValues;
import io.contmig.options.PhaseSpec;

import java.time.Duration;
import java.util.List;

/** Makes {@link KafkaPartitionReassignment}s ({@code kafka/partition-reassignment}). Stateless. */
public final class KafkaPartitionReassignmentFactory implements InjectorFactory {

    static final OptionKey<Integer> TO_BROKER = OptionKey.integer("toBroker").defaultValue(-1).min(-1)
            .doc("Broker id that receives the tenant's partitions; -1: the one holding fewest of them.");
    static final OptionKey<Long> THROTTLE = OptionKey.longValue("throttleBytesPerSecond").defaultValue(0L).min(0)
            .doc("Replication throttle (leader and follower) during the move, bytes/s; 0: unthrottled.");
    static final OptionKey<Duration> TIMEOUT = OptionKey.duration("timeout").defaultValue(Duration.ofMinutes(10))
            .min(Duration.ofSeconds(1))
            .doc("How long the reassignment may take before the injection fails (and heal cancels it).");

    @Override
    public String alias() {
        return "kafka/partition-reassignment";
    }

    @Override
    public List<PhaseSpec> phases() {
        return List.of(
                PhaseSpec.of("throttle", "Sets the replication throttle (only with throttleBytesPerSecond > 0)."),
                PhaseSpec.of("reassign", "Moves the tenant's partitions to the target broker and waits until done."),
                PhaseSpec.of("cleanup", "Removes the throttle."));
    }

    @Override
    public List<OptionSpec> options() {
        return OptionKey.specs(TO_BROKER, THROTTLE, TIMEOUT, KafkaOptions.ADMIN_TIMEOUT);
    }

    @Override
    public Injector create(InjectionSpec spec, OptionValues o) {
        return new KafkaPartitionReassignment(spec, new KafkaPartitionReassignment.Settings(o.get(TO_BROKER),
                o.get(THROTTLE), o.get(TIMEOUT), o.get(KafkaOptions.ADMIN_TIMEOUT)));
    }
}
