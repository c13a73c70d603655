package io.contmig.inject;

import io.contmig.options.OptionSpec;
import io.contmig.options.OptionValues;
import io.contmig.record.ManualRunClock;
import io.contmig.record.Mark;
import io.contmig.record.TimelineWriter;
import io.contmig.target.SiteEndpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InjectionRunnerTest {

    private static final String SECRET = "hunter2-secret";

    @TempDir
    Path runDir;

    private final StringWriter lines = new StringWriter();
    private final TimelineWriter timeline = new TimelineWriter(lines, new ManualRunClock());
    private final SimpleTenantRouting routing = new SimpleTenantRouting(Map.of(
            "cloud", endpoints("cloud"), "edge", endpoints("edge"))).addTenant("acme", "cloud");
    private final List<String> calls = new ArrayList<>();

    private static SiteEndpoints endpoints(String site) {
        return new SiteEndpoints(site, "jdbc:postgresql://127.0.0.1:1/postgres", "u", SECRET, "k:1", "http://i", "tcp://m");
    }

    private final InjectionSpec spec = new InjectionSpec("move-acme", "postgresql/fake", "acme", "cloud", "edge");

    /** A migration whose steps record their calls and fail on demand; its data is a list in memory. */
    private class ScriptedMigration implements Migration {
        final String failIn;
        final VerificationResult result;

        ScriptedMigration(String failIn, VerificationResult result) {
            this.failIn = failIn;
            this.result = result;
        }

        void step(String name) throws Exception {
            calls.add(name);
            if (name.equals(failIn)) {
                throw new java.sql.SQLException("cannot connect with password=" + SECRET + " to target");
            }
        }

        @Override
        public void prepare(InjectionContext ctx) throws Exception {
            step("prepare");
        }

        @Override
        public void inject(InjectionContext ctx) throws Exception {
            ctx.phase("copy");
            step("inject");
            ctx.phase("cutover");
            try (var held = ctx.routing().blockWrites("acme", io.contmig.target.Store.POSTGRESQL,
                    java.time.Duration.ofSeconds(1))) {
                ctx.routing().switchSite("acme", io.contmig.target.Store.POSTGRESQL, "edge");
            }
        }

        @Override
        public void heal(InjectionContext ctx) throws Exception {
            step("heal");
        }

        @Override
        public Verifier verifier() {
            return ctx -> {
                calls.add("verify");
                return result;
            };
        }
    }

    /** A scripted migration whose scenario asked to drop its source. */
    private class DroppingMigration extends ScriptedMigration {
        DroppingMigration(String failIn, VerificationResult result) {
            super(failIn, result);
        }

        @Override
        public boolean dropsSource() {
            return true;
        }

        @Override
        public void dropSource(InjectionContext ctx) throws Exception {
            step("drop-source");
        }
    }

    private List<String> kinds() {
        return timeline.marks().stream().map(Mark::kind).toList();
    }

    @Test
    void aSuccessfulMigrationIsMarkedVerifiedAndHealed() throws Exception {
        VerificationResult pass = VerificationResult.compared("rows", 10, 0, 0, List.of(), Map.of("tables", 1));
        InjectionOutcome outcome = new InjectionRunner(routing, timeline, runDir, InjectorFactories.of(List.of()))
                .run(spec, new ScriptedMigration("", pass));

        assertThat(calls).containsExactly("prepare", "inject", "verify", "heal");
        assertThat(kinds()).containsExactly("injection-started", "injection-phase", "injection-phase",
                "injection-finished", "heal-finished");
        assertThat(outcome.verification().orElseThrow().details()).containsKeys("tables", "verifyMs", "writeBlockMs")
                .containsEntry("writeBlocks", 1);
        assertThat(routing.siteOf("acme", io.contmig.target.Store.POSTGRESQL)).as("switched through the timed routing")
                .isEqualTo("edge");
        Mark started = timeline.marks().get(0);
        assertThat(started.attributes()).containsEntry("injection", "move-acme").containsEntry("injectionKind", "migration")
                .containsEntry("store", "postgresql").containsEntry("strategy", "fake").containsEntry("tenant", "acme")
                .containsEntry("from", "cloud").containsEntry("to", "edge");
        assertThat(timeline.marks().get(1).attributes()).containsEntry("phase", "copy");
        assertThat(outcome.finished()).isTrue();
        VerificationFacts.assertNothingFound(outcome.verification().orElseThrow());
        String json = Files.readString(runDir.resolve("verification/move-acme.json"));
        assertThat(json).contains("\"checked\" : 10", "\"what\" : \"rows\"", "\"lost\" : 0", "\"duplicated\" : 0",
                "\"mismatches\" : [ ]").doesNotContain("verdict", "undecided");
        assertThat(Files.isDirectory(runDir.resolve("work/move-acme"))).isTrue();
    }

    @Test
    void aFailedInjectStillHealsAndTheReasonHasNoPassword() throws Exception {
        InjectionOutcome outcome = new InjectionRunner(routing, timeline, runDir, InjectorFactories.of(List.of()))
                .run(spec, new ScriptedMigration("inject", null));

        assertThat(calls).containsExactly("prepare", "inject", "heal");
        assertThat(kinds()).containsExactly("injection-started", "injection-phase", "injection-failed", "heal-finished");
        Mark failed = timeline.marks().get(2);
        assertThat(failed.attribute("reason")).contains("cannot connect", "password=***").doesNotContain(SECRET);
        assertThat(outcome.finished()).isFalse();
        assertThat(outcome.verification().orElseThrow().undecided()).startsWith("injection failed: cannot connect");
        assertThat(outcome.verification().orElseThrow().checked()).isZero();
        assertThat(lines.toString()).doesNotContain(SECRET);
        assertThat(Files.readString(runDir.resolve("verification/move-acme.json")))
                .contains("\"undecided\" : \"injection failed: ", "\"writeBlockMs\" : 0.0", "\"writeBlocks\" : 0")
                .doesNotContain(SECRET, "verdict");
        assertThat(routing.siteOf("acme", io.contmig.target.Store.POSTGRESQL)).isEqualTo("cloud");
    }

    @Test
    void aFailedPrepareSkipsInjectButHeals() {
        new InjectionRunner(routing, timeline, runDir, InjectorFactories.of(List.of()))
                .run(spec, new ScriptedMigration("prepare", null));
        assertThat(calls).containsExactly("prepare", "heal");
        assertThat(kinds()).containsExactly("injection-started", "injection-failed", "heal-finished");
    }

    @Test
    void aHealThatCannotReachAServerIsRetriedUntilItCan() {
        VerificationResult pass = VerificationResult.compared("rows", 1, 0, 0, List.of(), Map.of());
        int[] refusals = {2};
        InjectionOutcome outcome = new InjectionRunner(routing, timeline, runDir, InjectorFactories.of(List.of()))
                .run(spec, new ScriptedMigration("none", pass) {
                    @Override
                    public void heal(InjectionContext ctx) throws Exception {
                        calls.add("heal");
                        if (refusals[0]-- > 0) {
                            throw new java.sql.SQLException("Connection to 127.0.0.1:5 refused", "08001",
                                    new java.net.ConnectException("Connection refused"));
                        }
                    }
                });

        assertThat(outcome.healed()).isTrue();
        assertThat(calls).containsExactly("prepare", "inject", "verify", "heal", "heal", "heal");
        assertThat(timeline.marks().get(timeline.marks().size() - 1).attributes()).containsEntry("ok", true);
    }

    @Test
    void aVerifierThatCannotReachAStoreIsRetriedAndOtherFailuresAreUnknownAtOnce() throws Exception {
        VerificationResult pass = VerificationResult.compared("rows", 3, 0, 0, List.of(), Map.of());
        int[] refusals = {2};
        InjectionOutcome outcome = new InjectionRunner(routing, timeline, runDir, InjectorFactories.of(List.of()))
                .run(spec, new ScriptedMigration("none", pass) {
                    @Override
                    public Verifier verifier() {
                        return ctx -> {
                            calls.add("verify");
                            if (refusals[0]-- > 0) {
                                throw new java.io.IOException("influxdb http://127.0.0.1:5 unreachable during "
                                        + "'SHOW DATABASES'", new java.net.ConnectException("Connection refused"));
                            }
                            return pass;
                        };
                    }
                });
        assertThat(calls).containsExactly("prepare", "inject", "verify", "verify", "verify", "heal");
        assertThat(outcome.verification().orElseThrow().complete()).isTrue();

        calls.clear();
        InjectionOutcome broken = new InjectionRunner(routing, timeline, runDir, InjectorFactories.of(List.of()))
                .run(new InjectionSpec("move-acme-2", "postgresql/fake", "acme", "edge", "cloud"),
                        new ScriptedMigration("none", pass) {
                    @Override
                    public Verifier verifier() {
                        return ctx -> {
                            calls.add("verify");
                            throw new IllegalStateException("checksum query refused");
                        };
                    }
                });
        assertThat(calls).containsExactly("prepare", "inject", "verify", "heal");
        assertThat(broken.verification().orElseThrow().undecided())
                .isEqualTo("verifier could not run: checksum query refused");
    }

    @Test
    void onlyAServerThatCannotBeReachedMakesAHealWorthRetrying() {
        assertThat(InjectionRunner.unreachable(new java.io.IOException("influxdb unreachable",
                new java.net.ConnectException()))).isTrue();
        assertThat(InjectionRunner.unreachable(new java.util.concurrent.TimeoutException())).isTrue();
        assertThat(InjectionRunner.unreachable(new java.sql.SQLException("the database system is starting up", "57P03")))
                .isTrue();
        assertThat(InjectionRunner.unreachable(new java.sql.SQLException("permission denied", "42501"))).isFalse();
        assertThat(InjectionRunner.unreachable(new IllegalStateException("write block still held"))).isFalse();
    }

    @Test
    void aFailedHealIsReportedAsAFact() {
        VerificationResult pass = VerificationResult.compared("rows", 1, 0, 0, List.of(), Map.of());
        InjectionOutcome outcome = new InjectionRunner(routing, timeline, runDir, InjectorFactories.of(List.of()))
                .run(spec, new ScriptedMigration("heal", pass));
        assertThat(outcome.healed()).isFalse();
        Mark healed = timeline.marks().get(timeline.marks().size() - 1);
        assertThat(healed.kind()).isEqualTo("heal-finished");
        assertThat(healed.attributes()).containsEntry("ok", false);
        assertThat(healed.attribute("reason")).doesNotContain(SECRET);
        assertThat(outcome.finished()).isTrue();
        assertThat(outcome.healFailure().orElseThrow()).contains("cannot connect").doesNotContain(SECRET);
    }

    @Test
    void aVerifierFindingLossIsRecordedButDoesNotFailTheInjection() throws Exception {
        VerificationResult lossy = VerificationResult.compared("rows", 10, 2, 1, List.of("t: 2 lost"), Map.of());
        InjectionOutcome outcome = new InjectionRunner(routing, timeline, runDir, InjectorFactories.of(List.of()))
                .run(spec, new ScriptedMigration("", lossy));
        assertThat(outcome.finished()).isTrue();
        assertThat(kinds()).contains("injection-finished");
        assertThat(outcome.verification().orElseThrow().lost()).isEqualTo(2);
        assertThat(Files.readString(runDir.resolve("verification/move-acme.json")))
                .contains("\"lost\" : 2", "\"duplicated\" : 1", "t: 2 lost");
    }

    @Test
    void theSourceIsDroppedOnlyAfterAVerificationProvingTheMoveComplete() throws Exception {
        VerificationResult clean = VerificationResult.compared("rows", 10, 0, 0, List.of(), Map.of());
        InjectionOutcome dropped = new InjectionRunner(routing, timeline, runDir, InjectorFactories.of(List.of()))
                .run(spec, new DroppingMigration("", clean));
        assertThat(calls).containsExactly("prepare", "inject", "verify", "drop-source", "heal");
        assertThat(dropped.verification().orElseThrow().details()).containsEntry("sourceDrop", "dropped");

        for (VerificationResult notProven : List.of(
                VerificationResult.compared("rows", 10, 1, 0, List.of("t: 1 lost"), Map.of()),
                VerificationResult.compared("rows", 0, 0, 0, List.of(), Map.of()),
                VerificationResult.undecided("target unreachable"))) {
            calls.clear();
            InjectionOutcome kept = new InjectionRunner(routing, timeline, runDir, InjectorFactories.of(List.of()))
                    .run(spec, new DroppingMigration("", notProven));
            assertThat(calls).as(notProven.toString()).containsExactly("prepare", "inject", "verify", "heal");
            assertThat(kept.verification().orElseThrow().details())
                    .containsEntry("sourceDrop", "kept: the move is not verified complete");
        }

        calls.clear();
        InjectionOutcome failed = new InjectionRunner(routing, timeline, runDir, InjectorFactories.of(List.of()))
                .run(spec, new DroppingMigration("drop-source", clean));
        assertThat(failed.finished()).isTrue();
        assertThat(failed.verification().orElseThrow().details().get("sourceDrop").toString())
                .startsWith("failed: ").contains("cannot connect").doesNotContain(SECRET);
    }

    @Test
    void anUnknownAliasIsAFailedInjectionNamingTheKnownOnes() {
        InjectorFactory placement = new InjectorFactory() {
            public String alias() { return "placement/noop"; }
            public List<io.contmig.options.PhaseSpec> phases() { return List.of(); }
            public List<OptionSpec> options() { return List.of(); }
            public Injector create(InjectionSpec s, OptionValues o) { throw new UnsupportedOperationException(); }
        };
        InjectionOutcome outcome = new InjectionRunner(routing, timeline, runDir, InjectorFactories.of(List.of(placement)))
                .run(spec, OptionValues.validate("o", Map.of(), List.of(), new ArrayList<>()));
        assertThat(outcome.failureReason().orElseThrow())
                .isEqualTo("unknown injector 'postgresql/fake' (known: placement/noop)");
        assertThat(kinds()).containsExactly("injection-started", "injection-failed", "heal-finished");
    }

    @Test
    void specsRefuseHostileNamesAndSameSiteMoves() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new InjectionSpec("x", "postgresql/stop-and-copy", "a'; drop table device; --", "cloud", "edge"))
                .hasMessage("tenant 'a'; drop table device; --' must match ^[a-z][a-z0-9_]{0,30}$");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new InjectionSpec("x", "postgresql/stop-and-copy", "acme", "edge", "edge"))
                .hasMessageContaining("from and to are both 'edge'");
    }

    @Test
    void installedFactoriesIncludeThePostgresAndPlacementInjectors() {
        assertThat(InjectorFactories.installed().aliases())
                .contains("postgresql/stop-and-copy", "postgresql/logical-replication");
    }
}
