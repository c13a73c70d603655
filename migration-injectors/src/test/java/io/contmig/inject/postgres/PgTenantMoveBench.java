package io.contmig.inject.postgres;

import io.contmig.inject.VerificationFacts;
import io.contmig.inject.InjectionOutcome;
import io.contmig.inject.InjectionRunner;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.InjectorFactories;
import io.contmig.inject.SimpleTenantRouting;
import io.contmig.options.OptionValues;
import io.contmig.record.Mark;
import io.contmig.record.RunClock;
import io.contmig.record.TimelineWriter;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measurement (issue 5): moving a tenant of 1,000,000 rows from cloud to edge under load, with
 * {@code postgresql/logical-replication} and with {@code pg_dump -t ... | psql} of the same rows (what an operator
 * would do: block the tenant's writes, dump, restore, switch), end to end, in the same run, on durable servers
 * with a 20 ms-each-way WAN between the sites. Prints and writes {@code target/bench/pg-tenant-move.json}.
 *
 * <p>Run: {@code mvn -B verify -pl migration-injectors -Pbench -Dit.test=PgTenantMoveBench}. Not part of
 * {@code mvn verify} (the {@code bench} profile includes {@code *Bench} classes).
 */
class PgTenantMoveBench {

    static final int DEVICES = 10_000;
    static final int MEASUREMENTS = 600_000;
    static final int LOCATIONS = 250_000;
    static final int ALERTS = 140_000;
    static final int ROWS = DEVICES + MEASUREMENTS + LOCATIONS + ALERTS;
    static final int WRITES_PER_SECOND = 200;
    static final Duration WAN = Duration.ofMillis(20);

    @Test
    void logicalReplicationVersusDumpAndRestore() throws Exception {
        Map<String, Object> report = new LinkedHashMap<>();
        try (PgTwoSites sites = new PgTwoSites("pg-bench", true).withWan(WAN)) {
            createTenant(sites, "benchlr");
            createTenant(sites, "benchpar");
            createTenant(sites, "benchdump");
            SimpleTenantRouting routing = sites.routing(List.of("benchlr", "benchpar", "benchdump"));
            report.put("rows", ROWS);
            report.put("writesPerSecond", WRITES_PER_SECOND);
            report.put("wanEachWayMs", WAN.toMillis());
            report.put("logicalReplication", logical(sites, routing, "benchlr", Map.of()));
            report.put("logicalReplicationParallelCopy", logical(sites, routing, "benchpar", Map.of("copyWorkers", "4")));
            report.put("pgDumpPsql", dumpAndRestore(sites, routing));
        }
        double lr = endToEnd(report, "logicalReplication");
        double par = endToEnd(report, "logicalReplicationParallelCopy");
        double dump = endToEnd(report, "pgDumpPsql");
        report.put("speedup", dump / lr);
        report.put("speedupParallelCopy", dump / par);
        String json = new com.fasterxml.jackson.databind.ObjectMapper()
                .writerWithDefaultPrettyPrinter().writeValueAsString(report);
        Path out = Path.of("target", "bench", "pg-tenant-move.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, json + "\n");
        System.out.println("PG tenant move bench:\n" + json);
        System.out.printf(Locale.ROOT, "speedup over pg_dump|psql (goal >= 1.5x): logical replication %.2fx,"
                + " with parallel snapshot copy %.2fx%n", dump / lr, dump / par);
    }

    @SuppressWarnings("unchecked")
    private static double endToEnd(Map<String, Object> report, String key) {
        return ((Number) ((Map<String, Object>) report.get(key)).get("endToEndMs")).doubleValue();
    }

    private static Map<String, Object> logical(PgTwoSites sites, SimpleTenantRouting routing, String tenant,
                                               Map<String, String> extraOptions) throws Exception {
        Path run = Path.of("target", "bench", tenant).toAbsolutePath();
        Files.createDirectories(run);
        Map<String, Object> r = new LinkedHashMap<>();
        PgLoadWriter writer = new PgLoadWriter(routing, tenant, DEVICES, WRITES_PER_SECOND);
        InjectionOutcome outcome;
        List<Mark> marks;
        try (TimelineWriter timeline = new TimelineWriter(run.resolve("timeline.jsonl"), RunClock.startingNow())) {
            InjectionSpec spec = new InjectionSpec("bench-" + tenant, "postgresql/logical-replication", tenant, "cloud", "edge");
            var factory = InjectorFactories.installed().require(spec.alias());
            List<String> problems = new ArrayList<>();
            Map<String, String> raw = new LinkedHashMap<>(Map.of("lagThreshold", "200ms", "maxWriteBlock", "500ms"));
            raw.putAll(extraOptions);
            OptionValues options = OptionValues.validate("options", raw, factory.options(), problems);
            r.put("options", raw);
            outcome = new InjectionRunner(routing, timeline, run).run(spec, options);
            marks = timeline.marks();
        } finally {
            // Keep writing a little after the switch: those writes must land on the target.
            writer.close();
        }
        assertThat(outcome.failureReason()).isEmpty();
        double started = time(marks, "injection-started", null);
        Map<String, Object> phases = new LinkedHashMap<>();
        List<Mark> phaseMarks = marks.stream().filter(m -> m.kind().equals("injection-phase")).toList();
        double verifyStart = time(marks, "injection-finished", null)
                - ((Number) outcome.verification().orElseThrow().details().get("verifyMs")).doubleValue();
        for (int i = 0; i < phaseMarks.size(); i++) {
            double end = i + 1 < phaseMarks.size() ? phaseMarks.get(i + 1).tMs() : verifyStart;
            phases.put(phaseMarks.get(i).attribute("phase") + "Ms", end - phaseMarks.get(i).tMs());
        }
        // Served at the target from the end of the cutover (= start of cleanup); verification is not part of the move.
        r.put("endToEndMs", time(marks, "injection-phase", "cleanup") - started);
        double verifyMs = ((Number) outcome.verification().orElseThrow().details().get("verifyMs")).doubleValue();
        r.put("totalWithCleanupMs", time(marks, "injection-finished", null) - verifyMs - started);
        r.put("verifyMs", verifyMs);
        r.put("phases", phases);
        r.put("writesBlockedMaxMs", routing.longestBlock(tenant, Store.POSTGRESQL).toNanos() / 1e6);
        r.put("writerMaxWriteMs", writer.maxWriteNanos.get() / 1e6);
        r.put("writes", writer.writes());
        r.put("writeFailures", writer.blockedFailures.get() + writer.otherFailures.get());
        r.put("lostAcknowledgedWrites", writer.missingOn("edge"));
        r.put("verification", outcome.verification().map(v -> (v.isUndecided() ? "undecided: " + v.undecided() : "compared") + " checked=" + v.checked() + " lost=" + v.lost()).orElse("none"));
        VerificationFacts.assertNothingFound(outcome.verification().orElseThrow());
        return r;
    }

    /** What an operator does without replication: block, {@code pg_dump -t ... | psql}, switch, unblock. */
    private static Map<String, Object> dumpAndRestore(PgTwoSites sites, SimpleTenantRouting routing) throws Exception {
        String tenant = "benchdump";
        String db = "tenant_" + tenant;
        Map<String, Object> r = new LinkedHashMap<>();
        PgServer sourceViaWan = new PgServer(routing.endpoints("cloud", "edge"));
        PgServer target = new PgServer(routing.endpoints("edge", "edge"));
        Path bin = PgClientTools.find("").binDir();
        PgLoadWriter writer = new PgLoadWriter(routing, tenant, DEVICES, WRITES_PER_SECOND);
        long start;
        long end;
        try {
            start = System.nanoTime();
            try (TenantRouting.WriteBlock block = routing.blockWrites(tenant, Store.POSTGRESQL, Duration.ofMinutes(10))) {
                try (Connection admin = target.connect("postgres"); Statement s = admin.createStatement()) {
                    s.execute("CREATE DATABASE " + db);
                }
                try (Connection c = target.connect(db); Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA devicemanagement");
                }
                String pipeline = bin.resolve("pg_dump") + " --no-owner --no-privileges -h " + sourceViaWan.host()
                        + " -p " + sourceViaWan.port() + " -U " + sourceViaWan.user() + " -t 'devicemanagement.*' " + db
                        + " | " + bin.resolve("psql") + " -X -q -v ON_ERROR_STOP=1 -h " + target.host() + " -p "
                        + target.port() + " -U " + target.user() + " -d " + db;
                ProcessBuilder pb = new ProcessBuilder("bash", "-o", "pipefail", "-c", pipeline)
                        .redirectErrorStream(true).redirectOutput(Path.of("target", "bench", "pg_dump-psql.log").toFile());
                pb.environment().put("PGPASSWORD", PgTwoSites.PASSWORD);
                Process p = pb.start();
                assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
                assertThat(p.exitValue()).as("pg_dump | psql exit code (see target/bench/pg_dump-psql.log)").isZero();
                routing.switchSite(tenant, Store.POSTGRESQL, "edge");
            }
            end = System.nanoTime();
        } finally {
            writer.close();
        }
        r.put("endToEndMs", (end - start) / 1e6);
        r.put("writesBlockedMaxMs", routing.longestBlock(tenant, Store.POSTGRESQL).toNanos() / 1e6);
        r.put("writerMaxWriteMs", writer.maxWriteNanos.get() / 1e6);
        r.put("writes", writer.writes());
        r.put("writeFailures", writer.blockedFailures.get() + writer.otherFailures.get());
        r.put("lostAcknowledgedWrites", writer.missingOn("edge"));
        return r;
    }

    private static double time(List<Mark> marks, String kind, String phase) {
        return marks.stream().filter(m -> m.kind().equals(kind))
                .filter(m -> phase == null || phase.equals(m.attribute("phase")))
                .mapToDouble(Mark::tMs).findFirst().orElseThrow(() -> new AssertionError("no mark " + kind + " " + phase));
    }

    /** A tenant of exactly {@link #ROWS} rows in four tables (devices and three event kinds). */
    static void createTenant(PgTwoSites sites, String tenant) throws SQLException {
        sites.createTenant("cloud", tenant, DEVICES, MEASUREMENTS);
        try (Connection c = sites.cloud.connect("tenant_" + tenant); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE devicemanagement.location (
                      id bigserial PRIMARY KEY, device_id bigint NOT NULL REFERENCES devicemanagement.device(id),
                      latitude double precision, longitude double precision, elevation double precision,
                      event_date timestamptz NOT NULL)""");
            st.execute("""
                    CREATE TABLE devicemanagement.alert (
                      id bigserial PRIMARY KEY, device_id bigint NOT NULL REFERENCES devicemanagement.device(id),
                      type text NOT NULL, level text NOT NULL, message text, event_date timestamptz NOT NULL)""");
            st.execute("INSERT INTO devicemanagement.location (device_id, latitude, longitude, elevation, event_date)"
                    + " SELECT 1 + g % " + DEVICES + ", 45 + g * 1e-6, 5 + g * 1e-6, g % 300,"
                    + " timestamptz '2026-01-01' + g * interval '1 second' FROM generate_series(1, " + LOCATIONS + ") g");
            st.execute("INSERT INTO devicemanagement.alert (device_id, type, level, message, event_date)"
                    + " SELECT 1 + g % " + DEVICES + ", 'temp.high', (ARRAY['info','warning','error'])[1 + g % 3],"
                    + " 'temperature above threshold #' || g, timestamptz '2026-01-01' + g * interval '1 second'"
                    + " FROM generate_series(1, " + ALERTS + ") g");
            st.execute("VACUUM ANALYZE");
        }
    }
}
