package io.contmig.runner.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.inject.InjectorFactories;
import io.contmig.plan.BenchPlan;
import io.contmig.plan.Overrides;
import io.contmig.plan.PlanResolver;
import io.contmig.plan.SandboxTarget;
import io.contmig.plan.ScenarioSource;
import io.contmig.runner.bench.WarmSandbox;
import io.contmig.sandbox.Sandbox;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.target.SiteEndpoints;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two real trials on one warm sandbox: trial 1 (tenants acme and globex, acme's PostgreSQL moved to edge by
 * stop-and-copy) and trial 2 (globex alone, another WAN, its PostgreSQL moved). Trial 2 must start from a verified clean sandbox: nothing of
 * acme left on either site, globex's stored events exactly trial 2's own, the WAN as trial 2 planned; the time between
 * the trials is measured. Then the verification must see what a trial leaves (globex, a stray replication slot), and a
 * reset must remove it.
 */
class WarmTrialsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path output;

    @Test
    void secondTrialStartsFromAVerifiedCleanSandbox() throws Exception {
        BenchPlan first = plan("""
                name: warm-one
                seed: 1
                duration: 10s
                tenants:
                  - { name: acme,   site: cloud, devices: 2 }
                  - { name: globex, site: cloud, devices: 2 }
                load: { mqtt: { ratePerDevice: 4.0, qos: 1 } }
                injections:
                  - { name: move, at: 4s, migration: { store: postgresql, strategy: stop-and-copy, tenant: acme, to: edge } }
                windows: { baseline: 3s, settle: 1s, after: 2s }
                gates: [ "lost == 0" ]
                """);
        BenchPlan second = plan("""
                name: warm-two
                seed: 2
                duration: 8s
                sandbox: { wan: { devicesToEdge: 1ms, devicesToCloud: 10ms, edgeToCloud: 7ms } }
                tenants:
                  - { name: globex, site: cloud, devices: 2 }
                load: { mqtt: { ratePerDevice: 4.0, qos: 1 } }
                injections:
                  - { name: move, at: 3s, migration: { store: postgresql, strategy: stop-and-copy, tenant: globex, to: edge } }
                windows: { baseline: 2s, settle: 1s, after: 2s }
                gates: [ "lost == 0" ]
                """);
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (WarmTrials trials = new WarmTrials(output, new PrintStream(console, true, StandardCharsets.UTF_8), "it")) {
            String v1 = trials.run(trial(0, "one-t1", first), output.resolve("runs/one-t1"));
            TrialStart start1 = trials.lastStart();
            String v2 = trials.run(trial(1, "two-t1", second), output.resolve("runs/two-t1"));
            TrialStart start2 = trials.lastStart();
            String log = console.toString(StandardCharsets.UTF_8);
            assertEquals("PASS", v1, log + java.nio.file.Files.readString(output.resolve("runs/one-t1/verdict.json")));
            assertEquals("PASS", v2, log + java.nio.file.Files.readString(output.resolve("runs/two-t1/verdict.json")));
            assertTrue(start1.isolation().startsWith("cold: no sandbox runs yet"), start1.toString());
            assertEquals(WarmTrials.WARM, start2.isolation(), log);
            assertTrue(start2.betweenSeconds() > 0 && start2.betweenSeconds() < 60, start2.toString());
            System.out.printf("[WarmTrialsIT] first start %.1f s, between trials (reset + verify) %.1f s%n",
                    start1.betweenSeconds(), start2.betweenSeconds());
            log.lines().filter(l -> l.contains("sandbox reset to its start")).forEach(l -> System.out.println("[WarmTrialsIT] " + l));

            WarmSandbox held = trials.held().orElseThrow();
            Sandbox sandbox = held.sandbox();
            for (String site : Sandbox.SITES) {
                SiteEndpoints e = sandbox.siteEndpoints(site);
                assertFalse(databases(e).contains("tenant_acme"), site + ": " + databases(e));
                assertTrue(topics(e).stream().noneMatch(t -> t.contains(".tenant.acme.")), site + ": " + topics(e));
                assertFalse(new InfluxClient(e.influxUrl(), Duration.ofSeconds(10)).databaseExists("tenant_acme"), site);
            }
            JsonNode report = JSON.readTree(output.resolve("runs/two-t1/report.json").toFile());
            long published = report.path("operations").path("mqtt.publish").path("count").asLong();
            long stored = new InfluxClient(sandbox.siteEndpoints("cloud").influxUrl(), Duration.ofSeconds(10))
                    .count("tenant_globex", "SELECT count(eid) FROM events");
            assertTrue(published > 0, report.path("operations").toString());
            assertEquals(published, stored, "globex's events after trial 2 are trial 2's own");
            assertEquals(Duration.ofMillis(7), sandbox.delay(Sandbox.Link.EDGE_CLOUD));

            // The verification sees what a trial leaves behind ...
            SandboxTarget wan = (SandboxTarget) second.target();
            List<String> dirty = held.verify(wan.wan());
            assertTrue(dirty.stream().anyMatch(p -> p.contains("tenant_globex")), dirty.toString());
            SiteEndpoints edge = sandbox.siteEndpoints("edge");
            try (Connection c = DriverManager.getConnection(edge.postgresJdbcUrl(), edge.postgresUser(), edge.postgresPassword());
                 Statement st = c.createStatement()) {
                st.execute("SELECT pg_create_logical_replication_slot('stray_slot', 'pgoutput')");
            }
            assertTrue(held.verify(wan.wan()).stream().anyMatch(p -> p.contains("stray_slot")));
            // ... and a reset removes it.
            long begin = System.nanoTime();
            held.reset(wan.wan());
            List<String> problems = held.verify(wan.wan());
            double seconds = (System.nanoTime() - begin) / 1e9;
            assertEquals(List.of(), problems);
            System.out.printf("[WarmTrialsIT] reset + verify of a dirty sandbox: %.1f s%n", seconds);
        }
    }

    private static BenchPlan plan(String yaml) throws Exception {
        return PlanResolver.standard(InjectorFactories.installed().catalog())
                .resolve(ScenarioSource.text("warm.yaml", yaml), Overrides.NONE);
    }

    private static StudyResolver.Trial trial(int cell, String runId, BenchPlan plan) {
        return new StudyResolver.Trial(cell, new StudyCell(runId.substring(0, runId.indexOf('-')), Map.of()), 0, runId, plan);
    }

    private static List<String> databases(SiteEndpoints e) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(e.postgresJdbcUrl(), e.postgresUser(), e.postgresPassword());
             Statement st = c.createStatement(); ResultSet r = st.executeQuery("SELECT datname FROM pg_database")) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    private static List<String> topics(SiteEndpoints e) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrap());
        try (Admin admin = Admin.create(props)) {
            return List.copyOf(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        }
    }
}
