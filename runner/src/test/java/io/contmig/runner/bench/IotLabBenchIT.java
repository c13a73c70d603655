package io.contmig.runner.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.inject.InjectorFactories;
import io.contmig.plan.BenchPlan;
import io.contmig.plan.Overrides;
import io.contmig.plan.PlanResolver;
import io.contmig.plan.SandboxTarget;
import io.contmig.plan.ScenarioSource;
import io.contmig.record.RunRecord;
import io.contmig.report.Reports;
import io.contmig.testkit.IotLabReplayServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * FIT IoT-LAB devices in a real run, end to end: the scenario's {@code load.iotlab} submits an experiment to the
 * replay server (recorded IoT-LAB API shapes), a TCP bridge streams {@code serial_aggregator} lines while the run
 * goes on (and stays open, as a live stream does, until the run closes it), and the devices' events are published
 * to the sandbox, timed as {@code iotlab.publish@acme}, stored, and counted by the cross-store check as
 * acknowledged events with nothing lost. The experiment contmig submitted is stopped at the end.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class IotLabBenchIT {

    private static final Path OUT = Path.of("target", "iotlab-it").toAbsolutePath();
    private static final int ROUNDS = 10;
    /** Nodes of the replay server's experiment (m3-7, m3-8, m3-9 at grenoble) that print a reading each round. */
    private static final List<String> NODES = List.of("m3-7", "m3-8", "m3-9");

    @Test
    void devicesOfAnIotLabExperimentJoinTheRunAndTheCrossStoreCheck() throws Exception {
        Files.createDirectories(OUT);
        Path credentials = Files.writeString(OUT.resolve("iotlabrc"),
                "alice:" + Base64.getEncoder().encodeToString("s3cret".getBytes(StandardCharsets.UTF_8)));
        try (IotLabReplayServer api = new IotLabReplayServer("alice", "s3cret", List.of("Running"));
             ServerSocket aggregator = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch runEnded = new CountDownLatch(1);
            Thread feeder = new Thread(() -> feed(aggregator, runEnded), "aggregator-feed");
            feeder.setDaemon(true);
            feeder.start();
            BenchPlan plan = PlanResolver.standard(InjectorFactories.installed().catalog()).resolve(
                    ScenarioSource.text("iotlab.yaml", scenario(api, credentials, aggregator.getLocalPort())),
                    Overrides.NONE);
            Path runDir = OUT.resolve("run-" + System.currentTimeMillis());
            try (SandboxBenchTarget target = SandboxBenchTarget.start((SandboxTarget) plan.target(), OUT, System.out);
                 PrintStream console = new PrintStream(Files.newOutputStream(OUT.resolve("run.log")), true,
                         StandardCharsets.UTF_8)) {
                new BenchRunner(plan, "iotlab-it", runDir, console, "iotlab-it").run(target);
            } finally {
                runEnded.countDown();
            }
            Reports.writeAll(RunRecord.open(runDir), runDir);

            int readings = ROUNDS * NODES.size();
            JsonNode report = new ObjectMapper().readTree(runDir.resolve("report.json").toFile());
            JsonNode publish = report.path("operations").path("iotlab.publish");
            assertThat(publish.path("count").asLong()).as("iotlab.publish in " + report.path("operations"))
                    .isEqualTo(readings);
            assertThat(publish.path("errors").asLong()).isZero();
            assertThat(Files.readString(runDir.resolve("latency.hlog"))).contains("Tag=iotlab.publish@acme,");

            JsonNode finished = null;
            for (String line : Files.readAllLines(runDir.resolve("timeline.jsonl"))) {
                JsonNode mark = new ObjectMapper().readTree(line);
                if (mark.path("kind").asText().equals("run-finished")) {
                    finished = mark;
                }
            }
            assertThat(finished).isNotNull();
            long acknowledged = finished.path("acknowledged").asLong();
            JsonNode checks = new ObjectMapper().readTree(runDir.resolve("verification/cross-store.json").toFile());
            List<String> acme = new ArrayList<>();
            for (JsonNode c : checks.path("checks")) {
                assertThat(c.path("lost").asLong()).as(c.toString()).isZero();
                assertThat(c.path("problem").asText("")).as(c.toString()).isEmpty();
                if (c.path("tenant").asText().equals("acme")) {
                    // Every acknowledged event — the simulated device's and the IoT-LAB nodes' — is expected.
                    assertThat(c.path("expected").asLong()).as(c.toString()).isEqualTo(acknowledged);
                    acme.add(c.path("store").asText());
                }
            }
            assertThat(acme).as("stores checked for acme in " + checks).isNotEmpty();
            assertThat(acknowledged).as("fleet + IoT-LAB events").isGreaterThan(readings);

            assertThat(api.everyRequestAuthenticated).isTrue();
            assertThat(api.requests).containsSubsequence("GET user", "POST experiments",
                    "GET experiments/" + IotLabReplayServer.EXPERIMENT,
                    "GET experiments/" + IotLabReplayServer.EXPERIMENT + "/nodes",
                    "DELETE experiments/" + IotLabReplayServer.EXPERIMENT);
            assertThat(api.partNames).containsExactly("new_exp.json");
            assertThat(api.parts.get(0)).contains("\"nbnodes\":3", "\"site\":\"grenoble\"",
                    "\"firmwarename\":\"iotlab_m3_tutorial\"", "\"profilename\":\"contmig_power\"");
            assertThat(Files.readString(OUT.resolve("run.log"))).contains("IoT-LAB bridge (tcp 127.0.0.1:",
                    "1 malformed", "1 from unknown nodes", readings + " acknowledged");
        }
    }

    private static String scenario(IotLabReplayServer api, Path credentials, int port) {
        return """
                name: iotlab-it
                seed: 5
                duration: 8s
                target: sandbox
                sandbox: { wan: { devicesToEdge: 1ms, devicesToCloud: 1ms, edgeToCloud: 1ms } }
                tenants:
                  - { name: acme, site: cloud, devices: 1 }
                load:
                  mqtt: { ratePerDevice: 2, freshnessShare: 0 }
                  iotlab:
                    site: grenoble
                    nodes: 3
                    profile: contmig_power
                    api: '%s'
                    credentials: '%s'
                    startTimeout: 30s
                    bridge: { kind: tcp, port: %d }
                windows: { baseline: 2s, settle: 1s, after: 2s }
                gates: [ "lost == 0" ]
                """.formatted(api.base(), credentials, port);
    }

    /**
     * Plays a frontend's {@code serial_aggregator}: for one client, {@link #ROUNDS} rounds of one reading per node
     * (stamped now, as the frontend does), an aggregator message, a malformed line and a node outside the experiment;
     * then keeps the stream open until the run ends.
     */
    private static void feed(ServerSocket aggregator, CountDownLatch runEnded) {
        try (Socket s = aggregator.accept(); OutputStream out = s.getOutputStream()) {
            write(out, stamp() + ";Aggregator started");
            write(out, "garbage without separators");
            write(out, stamp() + ";m3-99;Pressure measure: 1.0E3 mabar");
            for (int round = 0; round < ROUNDS; round++) {
                for (String node : NODES) {
                    write(out, stamp() + ";" + node + ";cmd > Pressure measure: 9." + round + "E2 mabar");
                }
                runEnded.await(200, TimeUnit.MILLISECONDS); // the devices' own pace: one reading each per 200 ms
            }
            runEnded.await(2, TimeUnit.MINUTES);
        } catch (Exception e) {
            // The run closed the stream: what a live aggregator sees at the end.
        }
    }

    private static String stamp() {
        return String.format(Locale.ROOT, "%.6f", System.currentTimeMillis() / 1000.0);
    }

    private static void write(OutputStream out, String line) throws Exception {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
