package io.contmig.inject.influx;

import io.contmig.inject.InjectionContext;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.Migration;
import io.contmig.inject.Verifier;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.sitewhere.SiteWhereNames;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * {@code influxdb/kafka-replay}: rebuilds one tenant's InfluxDB database at the target from the event log, without a
 * single query against the source database. SiteWhere's pipeline keeps every device event in the tenant's
 * {@code inbound-events} topic, and its persistence turns each into one point ({@code EventPoints}); this strategy
 * does the same at the target, from the earliest offset. Phases:
 * <ol>
 *   <li>{@code replay}: creates the database on the target and replays the topic from its earliest offsets to the
 *       end offsets seen when the phase starts ({@link InboundEventReplay});</li>
 *   <li>{@code catch-up}: replays what arrived meanwhile, round after round, until a round starts at most
 *       {@code catchUpLag} events behind;</li>
 *   <li>{@code cutover}: holds the tenant's InfluxDB writes ({@link TenantRouting#blockWrites}, which first waits
 *       for the writes in flight), replays up to the end offsets read after that — every point the source holds came
 *       from an event before them — switches the tenant to the target and releases the writes;</li>
 *   <li>{@code cleanup} (only with {@code dropSource: <tenant>}, after the verification): drops the source
 *       database.</li>
 * </ol>
 *
 * <p>The topic is read on the site that serves the tenant's Kafka store, as the target site reaches it (through the
 * WAN). {@link #prepare} refuses a topic whose retention no longer reaches back to the start of the tenant's data
 * (an earliest offset above 0 in any partition: events were deleted), naming the partition, its earliest offset and
 * that event's time. What the replay cannot see: events that never crossed {@code inbound-events} — SiteWhere's REST
 * API writes the events it creates straight to InfluxDB and to {@code outbound-events}; the verifier then reports
 * them missing at the target.
 *
 * <p>On failure before the switch the source stays authoritative and the routing unchanged; {@link #heal} releases
 * a held block and drops the partial target database (throwing if the target cannot be reached). Not thread-safe:
 * one instance runs one injection.
 */
public final class InfluxKafkaReplayMigration implements Migration {

    private static final Logger LOG = LoggerFactory.getLogger(InfluxKafkaReplayMigration.class);

    /** The knobs of one replay. */
    public record Settings(int batchSize, long catchUpLag, Duration maxWriteBlock, Duration kafkaTimeout,
                           boolean dropSource, Duration httpTimeout) {
        public Settings {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize (" + batchSize + ") must be >= 1");
            }
            if (catchUpLag < 0) {
                throw new IllegalArgumentException("catchUpLag (" + catchUpLag + ") must be >= 0");
            }
            Objects.requireNonNull(maxWriteBlock, "maxWriteBlock");
            Objects.requireNonNull(kafkaTimeout, "kafkaTimeout");
            Objects.requireNonNull(httpTimeout, "httpTimeout");
        }
    }

    /** Catch-up rounds after which the cutover starts whatever the lag (the block then absorbs the rest). */
    private static final int MAX_CATCH_UP_ROUNDS = 20;

    private final InjectionSpec spec;
    private final Settings settings;
    private final String database;
    private final InfluxTenantVerifier verifier;

    private volatile TenantRouting.WriteBlock block;
    private volatile boolean targetCreated;
    private volatile boolean switched;

    public InfluxKafkaReplayMigration(InjectionSpec spec, Settings settings) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.database = InfluxTenantVerifier.database(spec.tenant());
        this.verifier = new InfluxTenantVerifier(settings.httpTimeout());
    }

    @Override
    public Verifier verifier() {
        return verifier;
    }

    private String topic() {
        return SiteWhereNames.of(spec.tenant()).inboundEventsTopic();
    }

    /** The tenant's Kafka cluster as the target site reaches it. */
    private String bootstrap(InjectionContext ctx) {
        String kafkaSite = ctx.routing().siteOf(spec.tenant(), Store.KAFKA);
        return ctx.routing().endpoints(kafkaSite, spec.to()).kafkaBootstrap();
    }

    @Override
    public void prepare(InjectionContext ctx) throws Exception {
        InfluxSites.requireServing(ctx, Store.INFLUXDB);
        InfluxClient target = InfluxSites.target(ctx, settings.httpTimeout());
        target.ping();
        InfluxSites.requireFreeTarget(ctx, target, database);
        try (InboundEventReplay replay = new InboundEventReplay(bootstrap(ctx), topic(), spec.tenant(),
                settings.kafkaTimeout())) {
            replay.requireCompleteHistory();
        }
    }

    @Override
    public void inject(InjectionContext ctx) throws Exception {
        TenantRouting routing = ctx.routing();
        InfluxClient target = InfluxSites.target(ctx, settings.httpTimeout());
        try (InboundEventReplay replay = new InboundEventReplay(bootstrap(ctx), topic(), spec.tenant(),
                settings.kafkaTimeout())) {
            ctx.phase("replay");
            target.createDatabase(database);
            targetCreated = true;
            replay.seekToBeginning();
            long replayed = replay.replayTo(replay.endOffsets(), target, database, settings.batchSize());

            ctx.phase("catch-up");
            long caughtUp = 0;
            for (int round = 0; round < MAX_CATCH_UP_ROUNDS; round++) {
                Map<TopicPartition, Long> end = replay.endOffsets();
                long lag = replay.lag(end);
                caughtUp += replay.replayTo(end, target, database, settings.batchSize());
                if (lag <= settings.catchUpLag()) {
                    break;
                }
            }

            ctx.phase("cutover");
            block = routing.blockWrites(spec.tenant(), Store.INFLUXDB, settings.maxWriteBlock());
            long last = replay.replayTo(replay.endOffsets(), target, database, settings.batchSize());
            routing.switchSite(spec.tenant(), Store.INFLUXDB, spec.to());
            switched = true;
            block.close();
            block = null;
            LOG.info("{}: replayed {} + {} + {} event(s) of {} into {} (skipped {} unreadable)", spec.name(), replayed,
                    caughtUp, last, topic(), database, replay.skipped());
        }

    }

    @Override
    public boolean dropsSource() {
        return settings.dropSource();
    }

    @Override
    public void dropSource(InjectionContext ctx) throws IOException {
        InfluxSites.dropSource(ctx, settings.httpTimeout());
    }

    @Override
    public void heal(InjectionContext ctx) throws Exception {
        TenantRouting.WriteBlock held = block;
        if (held != null) {
            held.close();
            block = null;
        }
        boolean serving = spec.to().equals(ctx.routing().siteOf(spec.tenant(), Store.INFLUXDB));
        if (targetCreated && !switched && !serving) {
            InfluxSites.dropPartialTarget(ctx, database, settings.httpTimeout());
            targetCreated = false;
        }
    }
}
