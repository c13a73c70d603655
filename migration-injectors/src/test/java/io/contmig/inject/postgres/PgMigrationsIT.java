package io.contmig.inject.postgres;

import io.contmig.inject.VerificationFacts;
import io.contmig.inject.InjectionOutcome;
import io.contmig.inject.InjectionRunner;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.InjectorFactories;
import io.contmig.inject.InjectorFactory;
import io.contmig.inject.SimpleTenantRouting;
import io.contmig.options.OptionValues;
import io.contmig.record.Mark;
import io.contmig.record.RunClock;
import io.contmig.record.TimelineWriter;
import io.contmig.target.Store;
import io.contmig.testkit.Marks;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Both PostgreSQL strategies against two real servers, under a concurrent writer going through the routing:
 * nothing acknowledged is lost, the verifier agrees, the source is left clean; a target killed during the copy
 * gives a clean failure that heal undoes; throttling slows the copy.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PgMigrationsIT {

    private static PgTwoSites sites;
    private static final InjectorFactories FACTORIES = InjectorFactories.installed();

    @BeforeAll
    static void start() {
        sites = new PgTwoSites("pg-it", false).withWan(Duration.ofMillis(5));
    }

    @AfterAll
    static void stop() {
        if (sites != null) {
            sites.close();
        }
    }

    private static Path runDir(String name) throws Exception {
        Path dir = Path.of("target", "pg-it-runs", name).toAbsolutePath();
        Files.createDirectories(dir);
        return dir;
    }

    private static OptionValues options(String alias, Map<String, ?> raw) {
        InjectorFactory f = FACTORIES.require(alias);
        List<String> problems = new ArrayList<>();
        OptionValues v = OptionValues.validate("options", raw, f.options(), problems);
        assertThat(problems).isEmpty();
        return v;
    }

    private static List<String> phases(TimelineWriter timeline, String injection) {
        return Marks.phases(timeline.marks(), injection);
    }

    private static double markTime(TimelineWriter timeline, String injection, String phase) {
        return Marks.phaseStartMs(timeline.marks(), injection, phase);
    }

    private static long count(String site, String tenant, String sql) throws Exception {
        try (Connection c = sites.server(site).connect(site.equals("x") ? "postgres" : "tenant_" + tenant);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long replicationLeftovers(String tenant) throws Exception {
        return count("cloud", tenant, "SELECT (SELECT count(*) FROM pg_replication_slots WHERE database = current_database())"
                + " + (SELECT count(*) FROM pg_publication)");
    }

    private static void assertNoPasswordIn(Path runDir) throws Exception {
        try (var files = Files.walk(runDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                // Byte-wise (ISO-8859-1): work directories hold binary dumps too.
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain(PgTwoSites.PASSWORD);
            }
        }
    }

    @Test
    void logicalReplicationMovesATenantUnderLoadWithoutLoss() throws Exception {
        String tenant = "acme";
        sites.createTenant("cloud", tenant, 200, 60_000);
        SimpleTenantRouting routing = sites.routing(List.of(tenant));
        Path run = runDir("logical");
        long wanBytesBefore = sites.wanBytesCloudToEdge();
        InjectionOutcome outcome;
        PgLoadWriter writer = new PgLoadWriter(routing, tenant, 200, 400);
        try (TimelineWriter timeline = new TimelineWriter(run.resolve("timeline.jsonl"), RunClock.startingNow())) {
            InjectionSpec spec = new InjectionSpec("move-acme", "postgresql/logical-replication", tenant, "cloud", "edge");
            outcome = new InjectionRunner(routing, timeline, run, FACTORIES)
                    .run(spec, options(spec.alias(), Map.of("lagThreshold", "200ms", "maxWriteBlock", "2s")));
            assertThat(phases(timeline, "move-acme")).containsExactly("schema", "copy", "indexes", "catch-up", "cutover", "cleanup");
        } finally {
            writer.close();
        }
        assertThat(outcome.failureReason()).isEmpty();
        assertThat(outcome.healed()).isTrue();
        VerificationFacts.assertNothingFound(outcome.verification().orElseThrow());
        assertThat(outcome.verification().get().lost()).isZero();
        assertThat(outcome.verification().get().checked()).isGreaterThanOrEqualTo(60_200);
        assertThat(routing.siteOf(tenant, Store.POSTGRESQL)).isEqualTo("edge");
        assertThat(writer.writes()).isGreaterThan(100);
        assertThat(writer.otherFailures.get()).as(writer.lastFailure).isZero();
        assertThat(writer.blockedFailures.get()).isZero();
        assertThat(writer.missingOn("edge")).isZero();
        // The block was bounded and brief.
        assertThat(routing.longestBlock(tenant, Store.POSTGRESQL)).isLessThan(Duration.ofSeconds(2));
        assertThat(replicationLeftovers(tenant)).isZero();
        // The subscription reached the source through the emulated WAN (60,000 rows are megabytes).
        assertThat(sites.wanBytesCloudToEdge() - wanBytesBefore).isGreaterThan(1_000_000);
        // The file holds the comparison's facts (the reports judge them): rows compared, nothing lost or different.
        assertThat(Files.readString(run.resolve("verification/move-acme.json")))
                .contains("\"lost\" : 0", "\"mismatches\" : [ ]").doesNotContain("\"checked\" : 0,", "undecided");
        // Rows written during the move (by their audit columns) were looked for one by one on the target.
        assertThat(outcome.verification().get().details()).containsKey("writtenDuringMove");
        assertNoPasswordIn(run);
        for (Path serverLog : List.of(sites.cloud.logFile(), sites.edge.logFile())) {
            assertThat(new String(Files.readAllBytes(serverLog), StandardCharsets.ISO_8859_1)).as(serverLog.toString())
                    .doesNotContain(PgTwoSites.PASSWORD);
        }
    }

    @Test
    void logicalReplicationWithParallelSnapshotCopyMovesATenantUnderLoadWithoutLoss() throws Exception {
        String tenant = "wayne";
        sites.createTenant("cloud", tenant, 200, 120_000);
        SimpleTenantRouting routing = sites.routing(List.of(tenant));
        Path run = runDir("logical-parallel");
        InjectionOutcome outcome;
        PgLoadWriter writer = new PgLoadWriter(routing, tenant, 200, 400);
        try (TimelineWriter timeline = new TimelineWriter(run.resolve("timeline.jsonl"), RunClock.startingNow())) {
            InjectionSpec spec = new InjectionSpec("move-wayne", "postgresql/logical-replication", tenant, "cloud", "edge");
            outcome = new InjectionRunner(routing, timeline, run, FACTORIES)
                    .run(spec, options(spec.alias(), Map.of("copyWorkers", "3", "maxWriteBlock", "2s")));
        } finally {
            writer.close();
        }
        assertThat(outcome.failureReason()).isEmpty();
        VerificationFacts.assertNothingFound(outcome.verification().orElseThrow());
        assertThat(outcome.verification().get().checked()).isGreaterThanOrEqualTo(120_200);
        assertThat(routing.siteOf(tenant, Store.POSTGRESQL)).isEqualTo("edge");
        assertThat(writer.otherFailures.get()).as(writer.lastFailure).isZero();
        assertThat(writer.blockedFailures.get()).isZero();
        // Writes made during the parallel copy arrived through the slot: nothing acknowledged is missing.
        assertThat(writer.writes()).isGreaterThan(100);
        assertThat(writer.missingOn("edge")).isZero();
        assertThat(replicationLeftovers(tenant)).isZero();
    }

    @Test
    void stopAndCopyMovesATenantUnderLoadWithoutLoss() throws Exception {
        String tenant = "globex";
        sites.createTenant("cloud", tenant, 100, 40_000);
        SimpleTenantRouting routing = sites.routing(List.of(tenant));
        Path run = runDir("stop-and-copy");
        InjectionOutcome outcome;
        PgLoadWriter writer = new PgLoadWriter(routing, tenant, 100, 300);
        try (TimelineWriter timeline = new TimelineWriter(run.resolve("timeline.jsonl"), RunClock.startingNow())) {
            InjectionSpec spec = new InjectionSpec("move-globex", "postgresql/stop-and-copy", tenant, "cloud", "edge");
            outcome = new InjectionRunner(routing, timeline, run, FACTORIES)
                    .run(spec, options(spec.alias(), Map.of("batchRows", "5000")));
            assertThat(phases(timeline, "move-globex")).containsExactly("block", "schema", "copy", "indexes", "cutover");
        } finally {
            writer.close();
        }
        assertThat(outcome.failureReason()).isEmpty();
        VerificationFacts.assertNothingFound(outcome.verification().orElseThrow());
        assertThat(outcome.verification().get().lost()).isZero();
        assertThat(routing.siteOf(tenant, Store.POSTGRESQL)).isEqualTo("edge");
        assertThat(writer.otherFailures.get()).as(writer.lastFailure).isZero();
        assertThat(writer.blockedFailures.get()).isZero();
        assertThat(writer.missingOn("edge")).isZero();
        // The writes continued on the target, with ids from the fixed-up sequence (no key collision).
        assertThat(count("edge", tenant, "SELECT count(*) FROM devicemanagement.measurement")).isGreaterThan(40_000);
        assertNoPasswordIn(run);
    }

    @Test
    void killingTheTargetDuringTheCopyFailsCleanlyAndTheNextRunSucceeds() throws Exception {
        String tenant = "initech";
        sites.createTenant("cloud", tenant, 100, 400_000);
        SimpleTenantRouting routing = sites.routing(List.of(tenant));
        Path run = runDir("kill-target");
        long sourceRowsBefore = count("cloud", tenant, "SELECT count(*) FROM devicemanagement.measurement");
        AtomicReference<Thread> killer = new AtomicReference<>();
        InjectionOutcome failed;
        PgLoadWriter writer = new PgLoadWriter(routing, tenant, 100, 200);
        try (TimelineWriter timeline = new TimelineWriter(run.resolve("timeline.jsonl"), RunClock.startingNow())) {
            timeline.addListener(mark -> {
                if ("copy".equals(mark.attribute("phase"))) {
                    // Kill when a table-sync slot exists on the source: the initial copy is then in progress.
                    Thread t = new Thread(() -> killWhenSyncSlotAppears(tenant), "kill-target");
                    killer.set(t);
                    t.start();
                }
            });
            InjectionSpec spec = new InjectionSpec("move-initech", "postgresql/logical-replication", tenant, "cloud", "edge");
            try {
                failed = new InjectionRunner(routing, timeline, run, FACTORIES)
                        .run(spec, options(spec.alias(), Map.of("timeout", "60s")));
                killer.get().join(30_000);
            } finally {
                // Restart the target whatever happens (crash recovery), so that other tests find it running.
                sites.edge.close();
                sites.edge.start();
            }
            assertThat(timeline.marks().stream().map(Mark::kind).toList())
                    .contains("injection-failed", "heal-finished").doesNotContain("injection-finished");
        } finally {
            writer.close();
        }
        assertThat(failed.finished()).isFalse();
        assertThat(failed.failureReason().orElseThrow()).isNotBlank().doesNotContain(PgTwoSites.PASSWORD);
        assertThat(failed.healed()).as(failed.healFailure().orElse("")).isTrue();
        assertThat(routing.siteOf(tenant, Store.POSTGRESQL)).isEqualTo("cloud");
        assertThat(replicationLeftovers(tenant)).isZero();
        // Source intact: the initial rows, plus every write acknowledged during the attempt, all on the source.
        assertThat(writer.missingOn("cloud")).isZero();
        assertThat(count("cloud", tenant, "SELECT count(*) FROM devicemanagement.measurement"))
                .isEqualTo(sourceRowsBefore + writer.inserted.size());
        assertNoPasswordIn(run);

        // With the target restarted, run again: it starts clean and succeeds.
        Path rerun = runDir("kill-target-rerun");
        try (TimelineWriter timeline = new TimelineWriter(rerun.resolve("timeline.jsonl"), RunClock.startingNow())) {
            InjectionSpec spec = new InjectionSpec("move-initech-again", "postgresql/logical-replication", tenant, "cloud", "edge");
            // dropSource must repeat the tenant's name: any other value is refused before anything runs.
            assertThatThrownBy(() -> FACTORIES.require(spec.alias())
                    .create(spec, options(spec.alias(), Map.of("dropSource", "true"))))
                    .hasMessageContaining("must repeat the tenant's name 'initech'");
            assertThat(count("cloud", tenant, "SELECT count(*) FROM devicemanagement.measurement"))
                    .as("source intact after the refused name").isEqualTo(sourceRowsBefore + writer.inserted.size());
            InjectionOutcome ok = new InjectionRunner(routing, timeline, rerun, FACTORIES)
                    .run(spec, options(spec.alias(), Map.of("dropSource", tenant)));
            assertThat(ok.failureReason()).isEmpty();
            VerificationFacts.assertNothingFound(ok.verification().orElseThrow());
            assertThat(ok.verification().get().details()).containsEntry("sourceDrop", "dropped");
            assertThat(ok.verification().get().checked()).isEqualTo(sourceRowsBefore + writer.inserted.size() + 100);
        }
        assertThat(routing.siteOf(tenant, Store.POSTGRESQL)).isEqualTo("edge");
        assertThat(writer.missingOn("edge")).isZero();
        try (Connection admin = sites.cloud.connect(); Statement s = admin.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = 'tenant_initech'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("dropSource removed the source copy").isZero();
        }
    }

    private static void killWhenSyncSlotAppears(String tenant) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection c = sites.cloud.connect(); Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_replication_slots WHERE database = 'tenant_"
                        + tenant + "' AND slot_name LIKE 'pg\\_%\\_sync\\_%' AND active")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        break;
                    }
                }
                Thread.onSpinWait();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // kill -9 of the postmaster and of every backend: what a crashed server looks like to its peers.
        ProcessHandle postmaster = ProcessHandle.of(sites.edge.pid()).orElseThrow();
        List<ProcessHandle> children = postmaster.descendants().toList();
        postmaster.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        // Restarted after a short outage, as a supervisor would: the heal must reach the target to remove the
        // partial copy (it is retried by the runner until the target answers again).
        postmaster.onExit().join();
        try {
            Thread.sleep(2_000); // the outage itself: a fault's duration, not a wait for a condition
            sites.edge.close();
            sites.edge.start();
        } catch (Exception e) {
            throw new IllegalStateException("restarting the killed target", e);
        }
    }

    @Test
    void throttlingTheCopyMakesStopAndCopyMeasurablySlower() throws Exception {
        String tenant = "hooli";
        sites.createTenant("cloud", tenant, 50, 30_000);
        SimpleTenantRouting routing = sites.routing(List.of(tenant));
        Path run = runDir("throttle");
        try (TimelineWriter timeline = new TimelineWriter(run.resolve("timeline.jsonl"), RunClock.startingNow())) {
            InjectionRunner runner = new InjectionRunner(routing, timeline, run, FACTORIES);
            InjectionSpec there = new InjectionSpec("fast", "postgresql/stop-and-copy", tenant, "cloud", "edge");
            assertThat(runner.run(there, options(there.alias(), Map.of())).finished()).isTrue();
            // The source's copy is not contmig's to drop (the journal has no record of it): the user removes it.
            sites.dropTenant("cloud", tenant);
            InjectionSpec back = new InjectionSpec("slow", "postgresql/stop-and-copy", tenant, "edge", "cloud");
            InjectionOutcome slow = runner.run(back, options(back.alias(), Map.of("copyRowsPerSecond", "15000", "batchRows", "1000")));
            assertThat(slow.failureReason()).isEmpty();
            VerificationFacts.assertNothingFound(slow.verification().orElseThrow());
            double fastCopy = markTime(timeline, "fast", "indexes") - markTime(timeline, "fast", "copy");
            double slowCopy = markTime(timeline, "slow", "indexes") - markTime(timeline, "slow", "copy");
            // 30,050 rows at 15,000 rows/s cannot take less than 2 s; unthrottled it takes far less.
            assertThat(slowCopy).isGreaterThan(2000.0).isGreaterThan(fastCopy * 2);
        }
        assertThat(routing.siteOf(tenant, Store.POSTGRESQL)).isEqualTo("cloud");
    }

    @Test
    void theVerifierCountsLostDuplicatedAndChangedRowsAndIgnoresWritesAfterTheSwitch() throws Exception {
        String tenant = "cyberdyne";
        sites.createTenant("cloud", tenant, 10, 1_000);
        sites.createTenant("edge", tenant, 10, 1_000);
        String db = "tenant_" + tenant;
        for (String site : List.of("cloud", "edge")) {
            try (Connection c = sites.server(site).connect(db); Statement s = c.createStatement()) {
                s.execute("UPDATE devicemanagement.device SET created_date = '2026-01-01'"); // default now() differs
            }
        }
        try (Connection c = sites.edge.connect(db); Statement s = c.createStatement()) {
            // Damage the target copy: lost rows, a changed row, an extra table.
            s.execute("DELETE FROM devicemanagement.measurement WHERE id <= 5");
            s.execute("UPDATE devicemanagement.device SET comments = 'changed' WHERE id = 1");
            s.execute("ALTER TABLE devicemanagement.device DROP CONSTRAINT device_token_key");
            s.execute("CREATE TABLE devicemanagement.extra (v int)");
        }
        try (Connection c = sites.edge.connect(db); Statement s = c.createStatement()) {
            // Duplicates: the same device rows twice on the target (possible once the unique constraints are gone).
            s.execute("ALTER TABLE devicemanagement.measurement DROP CONSTRAINT measurement_device_id_fkey");
            s.execute("ALTER TABLE devicemanagement.device DROP CONSTRAINT device_pkey");
            s.execute("INSERT INTO devicemanagement.device SELECT * FROM devicemanagement.device WHERE id IN (2, 3)");
        }
        PgServer source = new PgServer(PgTwoSites.endpoints("cloud", sites.cloud));
        PgServer target = new PgServer(PgTwoSites.endpoints("edge", sites.edge));
        try (PgCutoverSnapshot snapshot = PgCutoverSnapshot.export(target, db)) {
            // Writes after the snapshot (i.e. after the switch) must not count.
            try (Connection c = sites.edge.connect(db); Statement s = c.createStatement()) {
                s.execute("INSERT INTO devicemanagement.measurement (device_id, name, value, event_date) VALUES (1, 'x', 1, now())");
            }
            var result = new PgTenantVerifier(() -> new PgTenantVerifier.Inputs() {
                public PgServer source() { return source; }
                public PgServer target() { return target; }
                public String database() { return db; }
                public java.util.Optional<Map<PgTable, PgTableDigest>> sourceDigestsBeforeDrop() { return java.util.Optional.empty(); }
                public java.util.Optional<PgCutoverSnapshot> cutoverSnapshot() { return java.util.Optional.of(snapshot); }
                // Every device row counts as written during the move (created after the epoch).
                public java.util.Optional<java.time.Instant> movedSince() { return java.util.Optional.of(java.time.Instant.EPOCH); }
                public java.util.Optional<PgRecentRows> recentRowsBeforeDrop() { return java.util.Optional.empty(); }
            }).verify(null);
            assertThat(result.isUndecided()).isFalse();
            assertThat(result.mismatches()).isNotEmpty();
            assertThat(result.checked()).isEqualTo(1_010);
            assertThat(result.lost()).isEqualTo(5 + 1); // 5 deleted measurements, 1 device row in its old version
            assertThat(result.duplicated()).isEqualTo(2);
            assertThat(result.mismatches()).anyMatch(m -> m.startsWith("devicemanagement.measurement: source 1000 rows, target 995 rows"))
                    .anyMatch(m -> m.contains("devicemanagement.device") && m.contains("1 only on the target"))
                    .anyMatch(m -> m.equals("devicemanagement.extra: exists only on the target (0 rows)"))
                    // The device row changed on the target is one of the rows written during the move.
                    .anyMatch(m -> m.startsWith("devicemanagement.device: 1 of the rows written during the move"));
            @SuppressWarnings("unchecked")
            Map<String, Object> written = (Map<String, Object>) result.details().get("writtenDuringMove");
            assertThat(written).containsEntry("rows", 10L).containsEntry("missingOnTarget", 1L);
        }
    }

    @Test
    void aHostileTenantNameIsRefusedAndQuotingKeepsItHarmless() throws Exception {
        String hostile = "a'; drop table device; --";
        assertThatThrownBy(() -> new InjectionSpec("x", "postgresql/stop-and-copy", hostile, "cloud", "edge"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tenant 'a'; drop table device; --'");
        sites.createTenant("cloud", "umbrella", 3, 3);
        try (Connection c = sites.cloud.connect("tenant_umbrella"); Statement s = c.createStatement()) {
            s.execute("SET search_path = devicemanagement");
            // Used as an identifier and as a literal, the name is data, never SQL.
            s.execute("CREATE TABLE " + PgIdentifiers.quote(hostile) + " (v text)");
            s.execute("INSERT INTO " + PgIdentifiers.quote(hostile) + " VALUES (" + PgIdentifiers.literal(hostile) + ")");
            try (ResultSet rs = s.executeQuery("SELECT v FROM " + PgIdentifiers.quote(hostile))) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(hostile);
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM device")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(3);
            }
        }
    }
}
