package io.contmig.inject.kafka;

import io.contmig.inject.InjectionContext;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.Migration;
import io.contmig.inject.Verifier;
import io.contmig.servers.ChildJvm;
import io.contmig.servers.ChildJvmServer;
import io.contmig.servers.SideEffectJournal;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code kafka/mirrormaker2}: moves one tenant's Kafka topics to the other site's cluster with MirrorMaker 2 in
 * dedicated mode (a child JVM, {@link MirrorMakerConfig}). Phases:
 * <ol>
 *   <li>{@code mirror}: starts MM2 and waits until every tenant topic exists on the target and the lag (messages on
 *       the source not yet on the target) is at most {@code lagThreshold}, and at least {@code minMirror} passed;</li>
 *   <li>{@code cutover}: {@link TenantRouting#blockWrites} (producers wait; consumers commit and pause), waits for
 *       lag 0; then, with {@link OffsetTranslation#DERIVED} (default), derives the tenant's consumer-group offsets
 *       on the target from both clusters' offsets ({@link IdentityOffsets}), refuses the cutover when MM2's own
 *       translation disagrees, and commits them; with {@link OffsetTranslation#CHECKPOINTS} it waits for MM2's
 *       checkpoints to sync them instead. Then switches the routing and releases the block: producers and
 *       consumer groups continue on the target;</li>
 *   <li>{@code cleanup}: stops MM2 and deletes its internal topics; the tenant's topics at the source only with
 *       {@code dropSource: <tenant>}, after the verification ({@link io.contmig.inject.Migration#dropSource}).</li>
 * </ol>
 *
 * <p>MM2 reads the source as the target site sees it ({@code routing.endpoints(from, to)}). Delivery is
 * at-least-once: the verifier counts duplicates. On failure before the switch the source stays authoritative and
 * the routing unchanged; {@link #heal} stops MM2, releases the block and deletes the tenant topics MM2 created on the
 * target (throwing if the target cannot be reached). Not thread-safe: one instance runs one injection.
 */
public final class KafkaMirrorMaker2Migration implements Migration {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaMirrorMaker2Migration.class);

    /** How the cutover gets the consumer groups' offsets on the target. */
    public enum OffsetTranslation {
        /**
         * Derived from both clusters' end offsets and the source's committed offsets once lag is 0
         * ({@link IdentityOffsets}), checked against MM2's checkpoints where it has written some, and committed on
         * the target: the block lasts as long as the last lag takes to drain.
         */
        DERIVED,
        /** Waits until MM2's periodic checkpoints have synced every group's offsets onto the target. */
        CHECKPOINTS;

        /** The option's spelling ({@code derived}, {@code checkpoints}). */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The knobs of one mirror. */
    public record Settings(long lagThreshold, Duration minMirror, Duration mirrorTimeout, Duration maxWriteBlock, Duration cutoverTimeout,
                           boolean dropSource, String mm2Heap, Duration adminTimeout,
                           OffsetTranslation offsetTranslation) {
        public Settings {
            Objects.requireNonNull(offsetTranslation, "offsetTranslation");
            if (lagThreshold < 0) {
                throw new IllegalArgumentException("lagThreshold (" + lagThreshold + ") must be >= 0");
            }
            Objects.requireNonNull(minMirror, "minMirror");
            Objects.requireNonNull(mirrorTimeout, "mirrorTimeout");
            Objects.requireNonNull(maxWriteBlock, "maxWriteBlock");
            Objects.requireNonNull(cutoverTimeout, "cutoverTimeout");
            if (mm2Heap == null || !mm2Heap.matches("\\d+[mg]")) {
                throw new IllegalArgumentException("mm2Heap (" + mm2Heap + ") must be like 512m or 1g");
            }
            Objects.requireNonNull(adminTimeout, "adminTimeout");
        }
    }

    private static final Duration POLL = Duration.ofMillis(100);

    private final InjectionSpec spec;
    private final Settings settings;
    private final TenantTopics topics;
    private final KafkaTopicsVerifier verifier;

    private volatile ChildJvmServer mirrorMaker;
    private volatile SideEffectJournal.Entry mirrorMakerRecord;
    /** Every topic MM2 creates is recorded here first; clean-up deletes only what it proves. */
    private final SideEffectJournal journal = SideEffectJournal.machine();
    private volatile MirrorMakerConfig config;
    private volatile TenantRouting.WriteBlock block;
    private volatile boolean switched;
    private final Set<String> absentOnTargetBefore = new HashSet<>();
    private volatile long lastLag = -1;
    private volatile int checkpointsCompared = -1;

    public KafkaMirrorMaker2Migration(InjectionSpec spec, Settings settings) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.topics = new TenantTopics(spec.tenant(), settings.adminTimeout().toMillis());
        this.verifier = new KafkaTopicsVerifier(topics);
    }

    @Override
    public Verifier verifier() {
        return ctx -> {
            var result = verifier.verify(ctx).withDetail("offsetTranslation", settings.offsetTranslation().label());
            return checkpointsCompared < 0 ? result : result.withDetail("checkpointsCompared", checkpointsCompared);
        };
    }

    /** The last lag measured (messages), -1 before the first measurement; for progress and measurements. */
    public long lastLag() {
        return lastLag;
    }

    static Admin admin(String bootstrap, Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        // A dead cluster must fail fast, not retry for minutes.
        p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return Admin.create(p);
    }

    private String sourceBootstrap(InjectionContext ctx) {
        return ctx.routing().endpoints(spec.from(), spec.to()).kafkaBootstrap();
    }

    private String targetBootstrap(InjectionContext ctx) {
        return ctx.routing().endpoints(spec.to(), spec.to()).kafkaBootstrap();
    }

    @Override
    public void prepare(InjectionContext ctx) throws Exception {
        String serving = ctx.routing().siteOf(spec.tenant(), Store.KAFKA);
        if (!spec.from().equals(serving)) {
            throw new IllegalStateException("kafka of tenant " + spec.tenant() + " is served by site " + serving
                    + ", not by the injection's from site " + spec.from());
        }
        try (Admin source = admin(sourceBootstrap(ctx), settings.adminTimeout());
             Admin target = admin(targetBootstrap(ctx), settings.adminTimeout())) {
            Set<String> mine = topics.list(source);
            if (mine.isEmpty()) {
                throw new IllegalStateException("no topic " + topics.prefix() + "* on the source cluster of site "
                        + spec.from() + " (" + sourceBootstrap(ctx) + ")");
            }
            Set<String> there = topics.list(target);
            if (!there.isEmpty()) {
                var parts = topics.partitions(target, there);
                var start = topics.startOffsets(target, parts);
                var end = topics.endOffsets(target, parts);
                List<String> used = parts.stream().filter(tp -> end.get(tp) > start.get(tp)).map(Object::toString).toList();
                if (!used.isEmpty()) {
                    throw new IllegalStateException("the target cluster of site " + spec.to() + " already holds "
                            + "messages of tenant " + spec.tenant() + " in " + used + ": the target is not free");
                }
            }
            absentOnTargetBefore.clear();
            absentOnTargetBefore.addAll(mine);
            absentOnTargetBefore.removeAll(there);
        }
    }

    @Override
    public void inject(InjectionContext ctx) throws Exception {
        TenantRouting routing = ctx.routing();
        config = new MirrorMakerConfig(spec.from() + "_" + spec.tenant(), sourceBootstrap(ctx),
                spec.to() + "_" + spec.tenant(), targetBootstrap(ctx), topics.regex());
        try (Admin source = admin(sourceBootstrap(ctx), settings.adminTimeout());
             Admin target = admin(targetBootstrap(ctx), settings.adminTimeout())) {
            MirrorProgress progress = new MirrorProgress(topics, source, target);

            ctx.phase("mirror");
            journalTopics(ctx);
            startMirrorMaker(ctx);
            long mirrorStart = System.nanoTime();
            long deadline = mirrorStart + settings.mirrorTimeout().toNanos();
            while (true) {
                requireMirrorMakerAlive();
                MirrorProgress.Snapshot s = measure(progress, ctx);
                lastLag = s.lag();
                boolean soaked = System.nanoTime() - mirrorStart >= settings.minMirror().toNanos();
                if (s.allTopicsPresent() && s.lag() <= settings.lagThreshold() && soaked) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("mirror of tenant " + spec.tenant() + " did not reach lag <= "
                            + settings.lagThreshold() + " within " + settings.mirrorTimeout().toSeconds() + " s (lag "
                            + s.lag() + " " + s.lagPerTopic() + ", missing on target: " + s.missingOnTarget() + ")");
                }
                Thread.sleep(POLL.toMillis()); // poll interval of a real condition (offsets on both clusters)
            }

            ctx.phase("cutover");
            long cutoverStart = System.nanoTime();
            block = routing.blockWrites(spec.tenant(), Store.KAFKA, settings.maxWriteBlock());
            long blocked = System.nanoTime();
            int looks = 0;
            if (settings.offsetTranslation() == OffsetTranslation.DERIVED) {
                progress.freezeTopology(); // the block is what users feel: two round trips less per look
            }
            deadline = System.nanoTime() + settings.cutoverTimeout().toNanos();
            while (true) {
                requireMirrorMakerAlive();
                MirrorProgress.Snapshot s = measure(progress, ctx);
                looks++;
                lastLag = s.lag();
                boolean caughtUp = s.allTopicsPresent() && s.lag() == 0;
                List<String> unsynced = !caughtUp ? List.of("lag")
                        : settings.offsetTranslation() == OffsetTranslation.DERIVED ? List.of()
                        : progress.unsyncedGroups();
                if (unsynced.isEmpty()) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("cutover of tenant " + spec.tenant() + ": lag " + s.lag()
                            + " and group offsets " + unsynced + " not settled within "
                            + settings.cutoverTimeout().toMillis() + " ms");
                }
                Thread.sleep(50); // poll interval while writes are blocked: short, the block is what users feel
            }
            long drained = System.nanoTime();
            if (settings.offsetTranslation() == OffsetTranslation.DERIVED) {
                commitDerivedOffsets(progress);
            }
            long committed = System.nanoTime();
            routing.switchSite(spec.tenant(), Store.KAFKA, spec.to());
            switched = true;
            LOG.info("{}: cutover steps: writes held in {} ms, lag 0 after {} ms ({} looks), offsets {} in {} ms, "
                    + "switched in {} ms", spec.name(), millis(cutoverStart, blocked), millis(blocked, drained), looks,
                    settings.offsetTranslation().name().toLowerCase(java.util.Locale.ROOT), millis(drained, committed),
                    millis(committed, System.nanoTime()));
            // The mirrored topics are the tenant's topics now: no clean-up may drop them.
            for (String topic : absentOnTargetBefore) {
                journal.proves(SideEffectJournal.KAFKA_TOPIC, targetBootstrap(ctx), topic).ifPresent(journal::kept);
            }
            block.close();
        }

        ctx.phase("cleanup");
        stopMirrorMaker();
        deleteJournaledTopics(sourceBootstrap(ctx), config.internalTopicsOnSource(), false);
        deleteJournaledTopics(targetBootstrap(ctx), config.internalTopicsOnTarget(), false);
    }

    @Override
    public boolean dropsSource() {
        return settings.dropSource();
    }

    /** Deletes the tenant's topics on the source cluster ({@code dropSource: <tenant>}, after a verified move). */
    @Override
    public void dropSource(InjectionContext ctx) throws Exception {
        try (Admin source = admin(sourceBootstrap(ctx), settings.adminTimeout())) {
            deleteTopics(sourceBootstrap(ctx), new ArrayList<>(topics.list(source)), true);
        }
    }

    /**
     * Derives the groups' target offsets and commits them there; when MM2's own translation disagrees, throws
     * before anything is committed or switched (the source stays authoritative, heal releases the block).
     */
    private void commitDerivedOffsets(MirrorProgress progress) throws Exception {
        MirrorProgress.Derivation derivation = progress.deriveGroupOffsets();
        checkpointsCompared = derivation.checkpointsCompared();
        if (!derivation.disagreements().isEmpty()) {
            throw new IllegalStateException("cutover of tenant " + spec.tenant() + " refused, the source stays "
                    + "authoritative: identity-derived consumer offsets disagree with MirrorMaker 2's translation: "
                    + String.join("; ", derivation.disagreements()));
        }
        progress.commitOnTarget(derivation);
        LOG.info("{}: derived offsets of groups {} committed on the target ({} partitions also had an MM2 "
                + "checkpoint, none ahead)", spec.name(), derivation.offsets().keySet(), checkpointsCompared);
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    /** One lag measurement; a cluster that does not answer fails the injection with a message naming both. */
    private MirrorProgress.Snapshot measure(MirrorProgress progress, InjectionContext ctx) throws Exception {
        try {
            return progress.snapshot();
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            throw new IOException("measuring the mirror lag: no answer within " + settings.adminTimeout().toMillis()
                    + " ms from the source " + spec.from() + " (" + sourceBootstrap(ctx) + ") or the target " + spec.to()
                    + " (" + targetBootstrap(ctx) + "): " + e, e);
        }
    }

    /** Records, before MM2 runs, every topic it will create: the tenant's absent ones and its internal topics. */
    private void journalTopics(InjectionContext ctx) {
        String owner = spec.name() + " (tenant " + spec.tenant() + ")";
        List<String> onTarget = new ArrayList<>(absentOnTargetBefore);
        onTarget.addAll(config.internalTopicsOnTarget());
        onTarget.forEach(t -> journal.intend(SideEffectJournal.KAFKA_TOPIC, targetBootstrap(ctx), t, owner));
        config.internalTopicsOnSource().forEach(t -> journal.intend(SideEffectJournal.KAFKA_TOPIC,
                sourceBootstrap(ctx), t, owner));
        mirrorMakerRecord = journal.intend(SideEffectJournal.PROCESS, "localhost", "mm2-" + spec.name(), owner);
    }

    private void startMirrorMaker(InjectionContext ctx) throws IOException {
        Path data = ctx.workDir().resolve("mm2");
        Path properties = data.resolve("mm2.properties").toAbsolutePath();
        ChildJvm jvm = ChildJvm.kafka("org.apache.kafka.connect.mirror.MirrorMaker", properties.toString())
                .withJvmOptions("-Xmx" + settings.mm2Heap());
        String text = config.render();
        ChildJvmServer mm2 = new ChildJvmServer("mm2-" + spec.name(), data.toAbsolutePath(),
                ctx.workDir().resolve("run").toAbsolutePath(), jvm,
                dir -> Files.writeString(dir.resolve("mm2.properties"), text),
                () -> Boolean.TRUE, // readiness is judged by the mirror phase itself (topics and lag on the target)
                Duration.ofSeconds(30));
        mirrorMaker = mm2;
        mm2.start();
        LOG.info("{}: MirrorMaker 2 started (pid {}), log {}", spec.name(), mm2.pid(),
                mm2.logFile());
    }

    private void requireMirrorMakerAlive() {
        ChildJvmServer mm2 = mirrorMaker;
        if (mm2 == null || !mm2.isRunning()) {
            throw new IllegalStateException("MirrorMaker 2 exited" + (mm2 == null ? "" : "; see " + mm2.logFile()));
        }
    }

    private void stopMirrorMaker() {
        ChildJvmServer mm2 = mirrorMaker;
        if (mm2 != null) {
            mm2.close();
        }
        SideEffectJournal.Entry record = mirrorMakerRecord;
        mirrorMakerRecord = null;
        if (record != null) {
            journal.removed(record);
        }
    }

    /** Deletes those of {@code names} the journal proves MM2 created for this injection. */
    private void deleteJournaledTopics(String bootstrap, List<String> names, boolean required) throws Exception {
        List<SideEffectJournal.Entry> ours = names.stream()
                .flatMap(n -> journal.proves(SideEffectJournal.KAFKA_TOPIC, bootstrap, n).stream()).toList();
        deleteTopics(bootstrap, ours.stream().map(SideEffectJournal.Entry::name).toList(), required);
        ours.forEach(journal::removed);
    }

    /** Deletes {@code names} that exist; with {@code required}, a failure is thrown, else only logged. */
    private void deleteTopics(String bootstrap, List<String> names, boolean required) throws Exception {
        if (names.isEmpty()) {
            return;
        }
        try (Admin admin = admin(bootstrap, settings.adminTimeout())) {
            Set<String> existing = admin.listTopics().names().get(settings.adminTimeout().toMillis(), TimeUnit.MILLISECONDS);
            List<String> present = names.stream().filter(existing::contains).toList();
            if (!present.isEmpty()) {
                admin.deleteTopics(present).all().get(settings.adminTimeout().toMillis(), TimeUnit.MILLISECONDS);
                // Deletion completes asynchronously: wait until the cluster no longer lists them.
                long deadline = System.nanoTime() + 3 * settings.adminTimeout().toNanos();
                while (admin.listTopics().names().get(settings.adminTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .stream().anyMatch(present::contains)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("topics " + present + " still listed after deletion");
                    }
                    Thread.sleep(100); // poll interval of the cluster's topic list
                }
            }
        } catch (Exception e) {
            if (required) {
                throw e;
            }
            LOG.warn("{}: could not delete topics {} at {}: {}", spec.name(), names,
                    bootstrap, e.toString());
        }
    }

    /** Whether the MirrorMaker 2 process of this injection is running (for tests and heal checks). */
    public boolean mirrorMakerRunning() {
        ChildJvmServer mm2 = mirrorMaker;
        return mm2 != null && mm2.isRunning();
    }

    @Override
    public void heal(InjectionContext ctx) throws Exception {
        stopMirrorMaker();
        TenantRouting.WriteBlock held = block;
        if (held != null) {
            held.close();
        }
        boolean serving = spec.to().equals(ctx.routing().siteOf(spec.tenant(), Store.KAFKA));
        if (!switched && !serving && config != null) {
            List<String> partial = new ArrayList<>(absentOnTargetBefore);
            partial.addAll(config.internalTopicsOnTarget());
            try {
                deleteJournaledTopics(targetBootstrap(ctx), partial, true);
            } catch (Exception e) {
                throw new IOException("could not delete the partial topics " + partial + " at the target site "
                        + spec.to() + ": " + e.getMessage(), e);
            }
            deleteJournaledTopics(sourceBootstrap(ctx), config.internalTopicsOnSource(), false);
            config = null;
        }
    }
}
