package io.contmig.inject;

import io.contmig.options.OptionValues;
import io.contmig.record.RunClock;
import io.contmig.record.TimelineWriter;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import io.contmig.testkit.InjectedFault;
import io.contmig.testkit.Marks;
import io.contmig.testkit.TwoSites;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The properties every injector must have, run for each installed alias on real servers (one subclass per fixture,
 * servers shared per class, data tiny). For each {@link Subject}:
 * <ol>
 *   <li><b>prepare changes nothing</b>: after {@link Injector#prepare} (and after a heal that follows it, twice) the
 *       routing, the tenant's source data and the move's artifacts (target database or topics, replication slots,
 *       publications, ...) are exactly as before, and no phase was announced;</li>
 *   <li><b>heal is idempotent</b>: after a completed run, two more heals change nothing and do not throw;</li>
 *   <li><b>a failure in any phase leaves the source authoritative</b>: for every phase the completed run announced,
 *       a run whose phase listener throws at that phase fails, heals, and leaves the routing, the source data and
 *       the artifacts as before — unless the move had already passed its commit point when the fault fired
 *       ({@link Subject#committed}, e.g. a {@code cleanup} after the switch), in which case the target must serve
 *       the tenant after heal: a whole move, never a half one;</li>
 *   <li><b>nothing is PASS with {@code checked == 0}</b>: a migration of a tenant without data records
 *       {@code checked == 0} as a fact and no verdict of its own, so that the reports' judge makes it UNKNOWN.</li>
 * </ol>
 * Every injection moves its tenant from {@code cloud} to {@code edge}; the routing also holds a co-located tenant
 * ({@link #NEIGHBOUR}) that must never move. {@code InjectorConformanceCoverageTest} checks that every installed
 * alias has a subject in some subclass.
 */
public abstract class InjectorConformance {

    /** A tenant that shares the source site and must not be touched by any injection. */
    public static final String NEIGHBOUR = "neighbour";
    private static final String FROM = TwoSites.SITES.get(0);
    private static final String TO = TwoSites.SITES.get(1);
    /** Bound of each generated test: one injection of tiny data, MirrorMaker 2's start included, takes far less. */
    private static final Duration TEST_TIMEOUT = Duration.ofMinutes(3);

    /** One injector alias on its fixture: how to make a tenant and how to observe what an injection did to it. */
    public abstract static class Subject {
        private final String alias;
        private final String tenantPrefix;
        private final Store store;
        private final Map<String, Object> options;

        /**
         * @param alias        the injector alias, {@code <store>/<strategy>} or {@code placement/<kind>}
         * @param tenantPrefix a short tenant-name prefix, unique in the class ({@code [a-z][a-z0-9]{0,12}})
         * @param store        the part of the tenant the alias moves (its routing entry)
         * @param options      options for a quick move of tiny data; every default applies otherwise
         */
        protected Subject(String alias, String tenantPrefix, Store store, Map<String, ?> options) {
            this.alias = alias;
            this.tenantPrefix = tenantPrefix;
            this.store = store;
            this.options = Map.copyOf(options);
        }

        public final String alias() {
            return alias;
        }

        final String tenantPrefix() {
            return tenantPrefix;
        }

        final Store store() {
            return store;
        }

        /** The options of the injection moving {@code tenant}; the constructor's by default. */
        protected Map<String, Object> options(String tenant) {
            return options;
        }

        /**
         * Creates {@code tenant} on {@code cloud} — with a few rows/points/messages, or only its empty structure —
         * and returns a fresh routing holding it and {@link #NEIGHBOUR} on {@code cloud}.
         */
        protected abstract TenantRouting createTenant(String tenant, boolean withData) throws Exception;

        /** The tenant's data on the source, as comparable text (counts and digests). */
        protected abstract String sourceState(String tenant) throws Exception;

        /** Everything a move of {@code tenant} creates besides its source data, as comparable text. */
        protected abstract String artifacts(String tenant) throws Exception;

        /** Whether {@code createTenant(t, false)} gives a tenant whose move checks nothing; true by default. */
        protected boolean hasEmptyTenant() {
            return true;
        }

        /** Whether the move of {@code tenant} has passed its commit point: the target now serves it. */
        protected boolean committed(String tenant, TenantRouting routing) throws Exception {
            return routing.siteOf(tenant, store).equals(TO);
        }
    }

    /** The subjects of this class's fixture. */
    protected abstract List<Subject> subjects();

    /** Where runs write their timelines and work files. */
    protected Path runDir(String tenant) throws Exception {
        return Files.createDirectories(Path.of("target", "conformance", getClass().getSimpleName(), tenant)
                .toAbsolutePath());
    }

    @TestFactory
    Stream<DynamicContainer> conformance() {
        return subjects().stream().map(s -> dynamicContainer(s.alias(), new Suite(s).tests()));
    }

    /** The observable state of a tenant: routing of every tenant, source data, move artifacts. */
    private record Snapshot(Map<String, String> routing, String source, String artifacts) {
    }

    /** The four properties for one subject; remembers the phases of its completed run for the failure tests. */
    private final class Suite {
        private final Subject subject;
        private final List<String> phases = new ArrayList<>();

        Suite(Subject subject) {
            this.subject = subject;
        }

        Stream<DynamicNode> tests() {
            Stream<DynamicNode> fixed = Stream.of(
                    named("prepare changes nothing", this::prepareChangesNothing),
                    named("a completed run heals idempotently", this::healIsIdempotentAfterACompletedRun),
                    named("nothing is PASS with checked == 0", this::nothingCheckedIsNeverPass));
            // Generated lazily, after the completed run above has recorded the phases the injector announces.
            Stream<DynamicNode> failures = Stream.of(phases).flatMap(p -> {
                assertThat(p).as(subject.alias() + ": phases of a completed run").isNotEmpty();
                return p.stream().map(phase -> named("a failure at '" + phase + "' leaves the source authoritative",
                        () -> failureAt(phase, p.indexOf(phase))));
            });
            return Stream.concat(fixed, failures);
        }

        /**
         * A dynamic test bounded by {@link #TEST_TIMEOUT} (a class's {@code @Timeout} covers only the factory method,
         * not the dynamic tests it generates) whose failure message starts with the alias and the property
         * (reports show only indexes).
         */
        private DynamicNode named(String property, Executable test) {
            return dynamicTest(property, () -> {
                try {
                    assertTimeoutPreemptively(TEST_TIMEOUT, test);
                } catch (AssertionError e) {
                    throw new AssertionError(subject.alias() + ": " + property + ": " + e.getMessage(), e);
                }
            });
        }

        /** The well-known movable parts of a tenant, and the subject's own store. */
        private List<Store> stores() {
            return Stream.of(Store.POSTGRESQL, Store.KAFKA, Store.INFLUXDB, Store.PIPELINE, subject.store()).distinct()
                    .toList();
        }

        private String tenant(String suffix) {
            return subject.tenantPrefix() + "_" + suffix;
        }

        private Snapshot snapshot(TenantRouting routing, String tenant) throws Exception {
            Map<String, String> sites = new TreeMap<>();
            for (String t : routing.tenants()) {
                for (Store s : stores()) {
                    sites.put(t + "." + s.label(), routing.siteOf(t, s));
                    if (routing instanceof SimpleTenantRouting simple) {
                        simple.dualWriteSite(t, s).ifPresent(d -> sites.put(t + "." + s.label() + ".dualWrite", d));
                    }
                }
            }
            return new Snapshot(sites, subject.sourceState(tenant), subject.artifacts(tenant));
        }

        private InjectionSpec spec(String tenant) {
            return new InjectionSpec("conform-" + tenant.replace('_', '-'), subject.alias(), tenant, FROM, TO);
        }

        private Injector create(InjectionSpec spec) {
            InjectorFactory factory = InjectorFactories.installed().require(subject.alias());
            List<String> problems = new ArrayList<>();
            OptionValues values = OptionValues.validate("options", subject.options(spec.tenant()), factory.options(), problems);
            assertThat(problems).as("options of " + subject.alias()).isEmpty();
            return factory.create(spec, values);
        }

        private TimelineWriter timeline(String tenant) throws Exception {
            return new TimelineWriter(runDir(tenant).resolve("timeline.jsonl"), RunClock.startingNow());
        }

        private void prepareChangesNothing() throws Exception {
            String tenant = tenant("prep");
            TenantRouting routing = subject.createTenant(tenant, true);
            Snapshot before = snapshot(routing, tenant);
            InjectionSpec spec = spec(tenant);
            Injector injector = create(spec);
            try (TimelineWriter timeline = timeline(tenant)) {
                RecordingContext ctx = new RecordingContext(spec, routing, timeline, runDir(tenant));
                try {
                    injector.prepare(ctx);
                    assertThat(snapshot(routing, tenant)).as("state after prepare").isEqualTo(before);
                } finally {
                    injector.heal(ctx);
                }
                injector.heal(ctx);
                assertThat(ctx.phases()).as("phases announced by prepare").isEmpty();
            }
            assertThat(snapshot(routing, tenant)).as("state after prepare and two heals").isEqualTo(before);
            assertWritesNotBlocked(routing, tenant);
        }

        private void healIsIdempotentAfterACompletedRun() throws Exception {
            String tenant = tenant("run");
            TenantRouting routing = subject.createTenant(tenant, true);
            InjectionSpec spec = spec(tenant);
            Injector injector = create(spec);
            try (TimelineWriter timeline = timeline(tenant)) {
                InjectionOutcome outcome = new InjectionRunner(routing, timeline, runDir(tenant)).run(spec, injector);
                assertThat(outcome.finished()).as(outcome.failureReason().orElse("")).isTrue();
                assertThat(outcome.healed()).as(outcome.healFailure().orElse("")).isTrue();
                assertThat(subject.committed(tenant, routing)).as("moved after a completed run").isTrue();
                phases.addAll(Marks.phases(timeline.marks(), spec.name()));
                assertThat(phases).as("announced phases, each declared by the factory (listing and docs)")
                        .isSubsetOf(InjectorFactories.installed().catalog().byAlias(subject.alias()).orElseThrow()
                                .phaseNames());
                Snapshot after = snapshot(routing, tenant);
                RecordingContext ctx = new RecordingContext(spec, routing, timeline, runDir(tenant));
                injector.heal(ctx);
                injector.heal(ctx);
                assertThat(snapshot(routing, tenant)).as("state after two more heals").isEqualTo(after);
                assertThat(ctx.phases()).as("phases announced by heal").isEmpty();
            }
            assertWritesNotBlocked(routing, tenant);
        }

        private void failureAt(String phase, int index) throws Exception {
            String tenant = tenant("f" + index);
            TenantRouting routing = subject.createTenant(tenant, true);
            Snapshot before = snapshot(routing, tenant);
            InjectionSpec spec = spec(tenant);
            AtomicBoolean committedAtFault = new AtomicBoolean();
            InjectionOutcome outcome;
            try (TimelineWriter timeline = timeline(tenant)) {
                timeline.addListener(Marks.onPhase(phase, () -> {
                    try {
                        committedAtFault.set(subject.committed(tenant, routing));
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot tell whether the move is committed", e);
                    }
                    throw new InjectedFault(phase);
                }));
                outcome = new InjectionRunner(routing, timeline, runDir(tenant)).run(spec, create(spec));
            }
            assertThat(outcome.finished()).isFalse();
            assertThat(outcome.failureReason().orElseThrow()).contains("injected fault at " + phase);
            assertThat(outcome.healed()).as(outcome.healFailure().orElse("")).isTrue();
            if (committedAtFault.get()) {
                assertThat(subject.committed(tenant, routing)).as("a failure after the commit point keeps the move whole")
                        .isTrue();
            } else {
                Snapshot after = snapshot(routing, tenant);
                assertThat(after.routing()).as("routing after a failure at " + phase).isEqualTo(before.routing());
                assertThat(after.source()).as("source data after a failure at " + phase).isEqualTo(before.source());
                assertThat(after.artifacts()).as("artifacts left after a failure at " + phase + " and heal")
                        .isEqualTo(before.artifacts());
            }
            assertWritesNotBlocked(routing, tenant);
        }

        private void nothingCheckedIsNeverPass() throws Exception {
            assumeTrue(subject.hasEmptyTenant(), subject.alias() + " cannot move a tenant without data");
            String tenant = tenant("empty");
            TenantRouting routing = subject.createTenant(tenant, false);
            InjectionSpec spec = spec(tenant);
            Injector injector = create(spec);
            if (!(injector instanceof Migration)) {
                return; // a placement has no verifier: its tenant's cross-store result is the runner's
            }
            try (TimelineWriter timeline = timeline(tenant)) {
                InjectionOutcome outcome = new InjectionRunner(routing, timeline, runDir(tenant)).run(spec, injector);
                VerificationResult v = outcome.verification().orElseThrow();
                // The verifier states the fact; the judge (reports' VerificationJudge) makes checked == 0 UNKNOWN.
                assertThat(v.checked()).as("items checked for a tenant without data").isZero();
                assertThat(Files.readString(runDir(tenant).resolve("verification").resolve(spec.name() + ".json")))
                        .as("the recorded verification: facts, checked 0, no verdict")
                        .contains("\"checked\" : 0").doesNotContain("verdict", "PASS");
            }
        }

        /** A held write block would stall the tenant's writers: a write must get through after heal. */
        private void assertWritesNotBlocked(TenantRouting routing, String tenant) throws Exception {
            if (routing instanceof SimpleTenantRouting simple) {
                for (Store s : stores()) {
                    simple.beginWrite(tenant, s).close();
                }
            }
        }
    }
}
