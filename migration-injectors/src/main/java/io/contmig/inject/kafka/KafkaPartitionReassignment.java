package io.contmig.inject.kafka;

import io.contmig.inject.InjectionContext;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.Migration;
import io.contmig.inject.VerificationResult;
import io.contmig.inject.Verifier;
import io.contmig.servers.SideEffectJournal;
import io.contmig.target.Store;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code kafka/partition-reassignment}: moves every partition of one tenant's topics to another broker of the same
 * cluster (placement inside a cluster, e.g. from a broker at one site to one at the other) with
 * {@code Admin.alterPartitionReassignments}, throttled by Kafka's replication quotas. The cluster is the one serving
 * the tenant (the {@code from} site's); clients keep their bootstrap address and follow the new leaders. On a
 * stretched cluster, whose brokers name their site in {@code broker.rack}, the target is the {@code to} site's
 * broker and the routing records the tenant's Kafka at {@code to} once the move is done; otherwise the routing is
 * not switched. A move that would move nothing (every partition already on the target broker, e.g. a one-broker
 * cluster per site) is refused at {@link #prepare} with the reason. Phases: {@code throttle} (only with {@code throttleBytesPerSecond > 0}:
 * {@code leader/follower.replication.throttled.rate} on the brokers involved and
 * {@code leader/follower.replication.throttled.replicas} on the topics), {@code reassign} (until
 * {@code listPartitionReassignments()} is empty), {@code cleanup} (throttles removed).
 *
 * <p>On failure, {@link #heal} cancels reassignments still in progress (Kafka reverts them to the original replicas)
 * and removes the throttles; it throws when the cluster cannot be reached. Each throttle is recorded in the
 * side-effect journal before it is set and marked removed after, so throttles left by a killed runner are removed at
 * the next start ({@link #removeOrphanedThrottle}). The verifier checks the placement and
 * that every {@code (device, seq)} read before the move is still readable after it. Not thread-safe.
 */
public final class KafkaPartitionReassignment implements Migration {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaPartitionReassignment.class);

    /** The knobs of one reassignment. */
    public record Settings(int toBroker, long throttleBytesPerSecond, Duration timeout, Duration adminTimeout) {
        public Settings {
            if (toBroker < -1) {
                throw new IllegalArgumentException("toBroker (" + toBroker + ") must be a broker id or -1");
            }
            if (throttleBytesPerSecond < 0) {
                throw new IllegalArgumentException("throttleBytesPerSecond (" + throttleBytesPerSecond + ") must be >= 0");
            }
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(adminTimeout, "adminTimeout");
        }
    }

    private static final String LEADER_RATE = "leader.replication.throttled.rate";
    private static final String FOLLOWER_RATE = "follower.replication.throttled.rate";
    private static final String LEADER_REPLICAS = "leader.replication.throttled.replicas";
    private static final String FOLLOWER_REPLICAS = "follower.replication.throttled.replicas";

    private final InjectionSpec spec;
    private final Settings settings;
    private final TenantTopics topics;
    private final KafkaTopicsVerifier reader;

    private volatile Map<TopicPartition, List<Integer>> plan = Map.of();
    private volatile Set<Integer> throttledBrokers = Set.of();
    private volatile Set<String> throttledTopics = Set.of();
    private final SideEffectJournal journal = SideEffectJournal.machine();
    /** The journal's records of the throttles set by this injection, removed once the throttles are. */
    private final List<SideEffectJournal.Entry> throttleRecords = new ArrayList<>();
    private volatile String throttledAt = "";
    private volatile KafkaTopicsVerifier.Side before;
    private volatile boolean done;
    private volatile int targetBroker = -1;
    private volatile boolean targetIsSite;

    public KafkaPartitionReassignment(InjectionSpec spec, Settings settings) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.topics = new TenantTopics(spec.tenant(), settings.adminTimeout().toMillis());
        this.reader = new KafkaTopicsVerifier(topics);
    }

    private String bootstrap(InjectionContext ctx) {
        return ctx.routing().endpoints(spec.from(), spec.from()).kafkaBootstrap();
    }

    private Admin admin(InjectionContext ctx) {
        return KafkaMirrorMaker2Migration.admin(bootstrap(ctx), settings.adminTimeout());
    }

    private long t() {
        return settings.adminTimeout().toMillis();
    }

    @Override
    public void prepare(InjectionContext ctx) throws Exception {
        String serving = ctx.routing().siteOf(spec.tenant(), Store.KAFKA);
        if (!spec.from().equals(serving)) {
            throw new IllegalStateException("kafka of tenant " + spec.tenant() + " is served by site " + serving
                    + ", not by the injection's from site " + spec.from());
        }
        try (Admin admin = admin(ctx)) {
            plan = plan(admin);
            if (!admin.listPartitionReassignments().reassignments().get(t(), TimeUnit.MILLISECONDS).isEmpty()) {
                throw new IllegalStateException("the cluster of site " + spec.from()
                        + " already has partition reassignments in progress");
            }
        }
    }

    /** Where each tenant partition goes: the target broker, keeping the replication factor when it is 1. */
    private Map<TopicPartition, List<Integer>> plan(Admin admin) throws Exception {
        Collection<Node> nodes = admin.describeCluster().nodes().get(t(), TimeUnit.MILLISECONDS);
        Set<Integer> brokers = nodes.stream().map(Node::id).collect(Collectors.toCollection(TreeSet::new));
        // A stretched cluster names each broker's site in broker.rack: the target is then the `to` site's broker.
        Set<Integer> atTarget = nodes.stream().filter(n -> spec.to().equals(n.rack())).map(Node::id)
                .collect(Collectors.toCollection(TreeSet::new));
        boolean racked = nodes.stream().anyMatch(Node::hasRack);
        Set<String> names = topics.list(admin);
        if (names.isEmpty()) {
            throw new IllegalStateException("no topic " + topics.prefix() + "* on the cluster of site " + spec.from());
        }
        Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get(t(), TimeUnit.MILLISECONDS);
        int target = settings.toBroker();
        if (target == -1 && racked && atTarget.isEmpty()) {
            throw new IllegalStateException("no broker of the cluster serving tenant " + spec.tenant()
                    + " is at site " + spec.to() + " (brokers and their sites: " + racks(nodes) + ")");
        }
        if (target == -1) {
            // The broker holding the fewest of the tenant's replicas (among the target site's, on a stretched cluster).
            Set<Integer> candidates = atTarget.isEmpty() ? brokers : atTarget;
            Map<Integer, Integer> load = new TreeMap<>();
            candidates.forEach(b -> load.put(b, 0));
            d.values().forEach(td -> td.partitions().forEach(p -> p.replicas().forEach(n -> {
                if (load.containsKey(n.id())) {
                    load.merge(n.id(), 1, Integer::sum);
                }
            })));
            target = load.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
        } else if (!brokers.contains(target)) {
            throw new IllegalArgumentException("toBroker " + target + " is not a broker of the cluster (brokers: " + brokers + ")");
        }
        targetBroker = target;
        targetIsSite = atTarget.contains(target);
        Map<TopicPartition, List<Integer>> result = new LinkedHashMap<>();
        for (TopicDescription td : d.values()) {
            for (TopicPartitionInfo p : td.partitions()) {
                List<Integer> now = p.replicas().stream().map(Node::id).toList();
                List<Integer> wanted = new ArrayList<>();
                wanted.add(target);
                // Replicas beyond the first stay where they are, unless that is the target itself.
                now.stream().skip(1).filter(b -> !wanted.contains(b)).forEach(wanted::add);
                while (wanted.size() < now.size()) {
                    brokers.stream().filter(b -> !wanted.contains(b)).findFirst().ifPresent(wanted::add);
                }
                if (!wanted.equals(now)) {
                    result.put(new TopicPartition(td.name(), p.partition()), List.copyOf(wanted));
                }
            }
        }
        if (result.isEmpty()) {
            // Never a silent PASS: a move that moves nothing measures nothing.
            throw new IllegalStateException("nothing to move: every partition of tenant " + spec.tenant()
                    + "'s topics " + names + " already has its replicas on broker " + target + " (the cluster serving "
                    + "site " + spec.from() + " has broker(s) " + racks(nodes) + "); a reassignment between sites "
                    + "needs one cluster with a broker at each site: sandbox: { kafka: stretched }");
        }
        return result;
    }

    private static String racks(Collection<Node> nodes) {
        return nodes.stream().sorted(java.util.Comparator.comparingInt(Node::id))
                .map(n -> n.id() + (n.hasRack() ? "@" + n.rack() : "")).collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public void inject(InjectionContext ctx) throws Exception {
        before = reader.read(bootstrap(ctx));
        try (Admin admin = admin(ctx)) {
            if (settings.throttleBytesPerSecond() > 0) {
                throttledAt = bootstrap(ctx);
                ctx.phase("throttle");
                throttle(admin);
            }
            ctx.phase("reassign");
            Map<TopicPartition, Optional<NewPartitionReassignment>> request = new HashMap<>();
            plan.forEach((tp, replicas) -> request.put(tp, Optional.of(new NewPartitionReassignment(replicas))));
            if (!request.isEmpty()) {
                admin.alterPartitionReassignments(request).all().get(t(), TimeUnit.MILLISECONDS);
            }
            long deadline = System.nanoTime() + settings.timeout().toNanos();
            while (!admin.listPartitionReassignments(plan.keySet()).reassignments().get(t(), TimeUnit.MILLISECONDS)
                    .isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reassignment of " + plan.size() + " partition(s) of tenant "
                            + spec.tenant() + " not finished within " + settings.timeout().toSeconds() + " s");
                }
                Thread.sleep(100); // poll interval of the cluster's own progress report
            }
            awaitPlacementVisible(admin, deadline);
            done = true;
            ctx.phase("cleanup");
            unthrottle(admin);
        }
        if (targetIsSite) {
            // The tenant's partitions are now at the `to` site's broker: its Kafka is served from there.
            ctx.routing().switchSite(spec.tenant(), Store.KAFKA, spec.to());
        }
    }

    /**
     * The reassignment list empties before every broker's metadata shows the new replicas: a client (or a check)
     * asking another broker may still see the old placement. The move counts as done only once the cluster's
     * metadata shows the planned replicas for every partition.
     */
    private void awaitPlacementVisible(Admin admin, long deadline) throws Exception {
        Set<String> topics = plan.keySet().stream().map(TopicPartition::topic).collect(Collectors.toSet());
        while (true) {
            Map<String, TopicDescription> d = admin.describeTopics(topics).allTopicNames().get(t(), TimeUnit.MILLISECONDS);
            boolean visible = plan.entrySet().stream().allMatch(e -> d.get(e.getKey().topic()).partitions()
                    .get(e.getKey().partition()).replicas().stream().map(Node::id).toList().equals(e.getValue()));
            if (visible) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("reassignment of tenant " + spec.tenant()
                        + " finished but the cluster's metadata does not show the new replicas within "
                        + settings.timeout().toSeconds() + " s");
            }
            Thread.sleep(100); // poll interval, as above
        }
    }

    private void throttle(Admin admin) throws Exception {
        String rate = Long.toString(settings.throttleBytesPerSecond());
        Set<Integer> brokers = new TreeSet<>();
        Map<String, List<String>> leaders = new TreeMap<>();
        Map<String, List<String>> followers = new TreeMap<>();
        Map<String, TopicDescription> d = admin.describeTopics(plan.keySet().stream().map(TopicPartition::topic)
                .collect(Collectors.toSet())).allTopicNames().get(t(), TimeUnit.MILLISECONDS);
        plan.forEach((tp, wanted) -> {
            List<Integer> now = d.get(tp.topic()).partitions().get(tp.partition()).replicas().stream().map(Node::id).toList();
            now.forEach(b -> leaders.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(tp.partition() + ":" + b));
            wanted.stream().filter(b -> !now.contains(b)).forEach(b ->
                    followers.computeIfAbsent(tp.topic(), k -> new ArrayList<>()).add(tp.partition() + ":" + b));
            brokers.addAll(now);
            brokers.addAll(wanted);
        });
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
        for (int b : brokers) {
            ops.put(new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(b)), List.of(
                    new AlterConfigOp(new ConfigEntry(LEADER_RATE, rate), AlterConfigOp.OpType.SET),
                    new AlterConfigOp(new ConfigEntry(FOLLOWER_RATE, rate), AlterConfigOp.OpType.SET)));
        }
        Set<String> names = new TreeSet<>(leaders.keySet());
        names.addAll(followers.keySet());
        for (String topic : names) {
            List<AlterConfigOp> topicOps = new ArrayList<>();
            topicOps.add(new AlterConfigOp(new ConfigEntry(LEADER_REPLICAS,
                    String.join(",", leaders.getOrDefault(topic, List.of()))), AlterConfigOp.OpType.SET));
            topicOps.add(new AlterConfigOp(new ConfigEntry(FOLLOWER_REPLICAS,
                    String.join(",", followers.getOrDefault(topic, List.of()))), AlterConfigOp.OpType.SET));
            ops.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), topicOps);
        }
        throttledBrokers = Set.copyOf(brokers);
        throttledTopics = Set.copyOf(names);
        // Recorded before they are set: a runner killed now leaves throttles that only the journal can name.
        String owner = spec.name() + " (tenant " + spec.tenant() + ")";
        for (int b : brokers) {
            throttleRecords.add(journal.intend(SideEffectJournal.KAFKA_THROTTLE, throttledAt, "broker:" + b, owner));
        }
        for (String topic : names) {
            throttleRecords.add(journal.intend(SideEffectJournal.KAFKA_THROTTLE, throttledAt, "topic:" + topic, owner));
        }
        admin.incrementalAlterConfigs(ops).all().get(t(), TimeUnit.MILLISECONDS);
    }

    private void unthrottle(Admin admin) throws Exception {
        if (throttledBrokers.isEmpty() && throttledTopics.isEmpty()) {
            return;
        }
        Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
        for (int b : throttledBrokers) {
            ops.put(new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(b)), List.of(
                    new AlterConfigOp(new ConfigEntry(LEADER_RATE, ""), AlterConfigOp.OpType.DELETE),
                    new AlterConfigOp(new ConfigEntry(FOLLOWER_RATE, ""), AlterConfigOp.OpType.DELETE)));
        }
        for (String topic : throttledTopics) {
            ops.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(
                    new AlterConfigOp(new ConfigEntry(LEADER_REPLICAS, ""), AlterConfigOp.OpType.DELETE),
                    new AlterConfigOp(new ConfigEntry(FOLLOWER_REPLICAS, ""), AlterConfigOp.OpType.DELETE)));
        }
        admin.incrementalAlterConfigs(ops).all().get(t(), TimeUnit.MILLISECONDS);
        throttledBrokers = Set.of();
        throttledTopics = Set.of();
        throttleRecords.forEach(journal::removed);
        throttleRecords.clear();
    }

    /**
     * Removes the throttle an orphaned journal record names ({@code broker:<id>} or {@code topic:<name>} at the
     * bootstrap address {@code where}) and marks the record removed; the journal proves contmig set it. Throws when
     * the cluster cannot be reached (the record stays for the next start).
     */
    public static void removeOrphanedThrottle(SideEffectJournal journal, SideEffectJournal.Entry entry,
                                              Duration timeout) throws Exception {
        String name = entry.name();
        ConfigResource resource;
        List<String> keys;
        if (name.startsWith("broker:")) {
            resource = new ConfigResource(ConfigResource.Type.BROKER, name.substring("broker:".length()));
            keys = List.of(LEADER_RATE, FOLLOWER_RATE);
        } else if (name.startsWith("topic:")) {
            resource = new ConfigResource(ConfigResource.Type.TOPIC, name.substring("topic:".length()));
            keys = List.of(LEADER_REPLICAS, FOLLOWER_REPLICAS);
        } else {
            throw new IllegalArgumentException("not a throttle record: " + name);
        }
        List<AlterConfigOp> ops = keys.stream()
                .map(k -> new AlterConfigOp(new ConfigEntry(k, ""), AlterConfigOp.OpType.DELETE)).toList();
        try (Admin admin = KafkaMirrorMaker2Migration.admin(entry.where(), timeout)) {
            admin.incrementalAlterConfigs(Map.of(resource, ops)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        journal.removed(entry);
    }

    @Override
    public void heal(InjectionContext ctx) throws Exception {
        if (plan.isEmpty() && throttledBrokers.isEmpty() && throttledTopics.isEmpty()) {
            return;
        }
        try (Admin admin = admin(ctx)) {
            if (!done && !plan.isEmpty()) {
                var pending = admin.listPartitionReassignments(plan.keySet()).reassignments()
                        .get(t(), TimeUnit.MILLISECONDS).keySet();
                if (!pending.isEmpty()) {
                    Map<TopicPartition, Optional<NewPartitionReassignment>> cancel = new HashMap<>();
                    pending.forEach(tp -> cancel.put(tp, Optional.empty()));
                    admin.alterPartitionReassignments(cancel).all().get(t(), TimeUnit.MILLISECONDS);
                    LOG.info("{}: cancelled {} reassignment(s)", spec.name(), pending.size());
                }
            }
            unthrottle(admin);
        }
    }

    @Override
    public Verifier verifier() {
        return ctx -> {
            KafkaTopicsVerifier.Side after = reader.read(bootstrap(ctx));
            VerificationResult data = KafkaTopicsVerifier.compare(before, after);
            List<String> mismatches = new ArrayList<>(data.mismatches());
            Map<String, Object> details = new LinkedHashMap<>(data.details());
            try (Admin admin = admin(ctx)) {
                Map<String, TopicDescription> d = admin.describeTopics(plan.keySet().stream()
                        .map(TopicPartition::topic).collect(Collectors.toSet())).allTopicNames().get(t(), TimeUnit.MILLISECONDS);
                long misplaced = 0;
                for (var e : plan.entrySet()) {
                    TopicPartitionInfo p = d.get(e.getKey().topic()).partitions().get(e.getKey().partition());
                    List<Integer> replicas = p.replicas().stream().map(Node::id).toList();
                    if (!replicas.equals(e.getValue())) {
                        misplaced++;
                        mismatches.add(e.getKey() + ": replicas " + replicas + ", expected " + e.getValue());
                    }
                }
                details.put("partitionsMoved", plan.size());
                details.put("toBroker", targetBroker);
                details.put("throttleBytesPerSecond", settings.throttleBytesPerSecond());
                details.put("partitionsMisplaced", misplaced);
                return new VerificationResult(data.checked(), data.what() + "; replicas of " + plan.size()
                        + " moved partition(s) against the plan", data.lost(), data.duplicated(), mismatches,
                        data.undecided(), details);
            }
        };
    }
}
