package io.contmig.runner.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.inject.InjectionOutcome;
import io.contmig.inject.InjectionRunner;
import io.contmig.inject.InjectionSpec;
import io.contmig.load.PlanLoads;
import io.contmig.load.mqtt.FleetSummary;
import io.contmig.load.mqtt.MqttDeviceFleet;
import io.contmig.load.provision.ProvisionedFleet;
import io.contmig.load.provision.SiteWhereProvisioner;
import io.contmig.plan.BenchPlan;
import io.contmig.plan.InjectionPlan;
import io.contmig.plan.PlanDocument;
import io.contmig.plan.PlanJson;
import io.contmig.plan.PlannedMigration;
import io.contmig.plan.PlannedPlacement;
import io.contmig.plan.TenantPlan;
import io.contmig.record.LatencyLogWriter;
import io.contmig.record.MarkKind;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.record.TimelineWriter;
import io.contmig.runner.check.AcknowledgedEvents;
import io.contmig.runner.check.CrossStoreChecker;
import io.contmig.runner.check.StoreCheck;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Runs one bench: provisioning, load, injections at their times, drain, cross-store check, and the record that
 * the reports are computed from. Has no Maven imports; called by the runner's {@code bench} command.
 *
 * <p>Not thread-safe: one run per instance. Infrastructure failures throw {@link BenchException}; whatever this
 * runner started is stopped before it returns or throws (the caller closes the target).
 */
public final class BenchRunner {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String SOURCE = "runner";
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CHECK_TIMEOUT = Duration.ofMinutes(2);

    private final BenchPlan plan;
    private final String runId;
    private final Path runDir;
    private final PrintStream console;
    private final String harnessVersion;

    public BenchRunner(BenchPlan plan, String runId, Path runDir, PrintStream console, String harnessVersion) {
        this.plan = plan;
        this.runId = runId;
        this.runDir = runDir;
        this.console = console;
        this.harnessVersion = harnessVersion;
    }

    /** Everything a run leaves besides its record, for the command's summary. */
    public record Result(FleetSummary fleet, List<InjectionOutcome> injections, List<StoreCheck> checks) {
    }

    /**
     * Runs the plan against {@code target}, which must be started. Writes plan.json, timeline.jsonl, latency.hlog
     * and verification/ into the run directory; the caller renders the reports.
     */
    public Result run(BenchTarget target) throws BenchException, InterruptedException {
        try {
            Files.createDirectories(runDir.resolve("verification"));
        } catch (IOException e) {
            throw new BenchException("cannot create " + runDir + ": " + e.getMessage(), e);
        }
        for (TenantPlan tenant : plan.tenants()) {
            try {
                target.ensureTenant(tenant.name(), tenant.site());
            } catch (Exception e) {
                throw new BenchException("tenants." + tenant.name() + ": cannot create it on site " + tenant.site()
                        + ": " + e.getMessage(), e);
            }
        }
        console.println("[contmig] provisioning " + plan.deviceCount() + " devices over REST ("
                + target.rest().baseUrl() + ")");
        SiteWhereProvisioner provisioner = new SiteWhereProvisioner(target.rest(), Duration.ofSeconds(30), 8);
        ProvisionedFleet provisioned;
        try {
            List<String> tenants = plan.tenants().stream().map(TenantPlan::name).toList();
            provisioner.check(tenants);
            provisioned = provisioner.provision(SiteWhereProvisioner.DEFAULT_DEVICE_TYPE, PlanLoads.deviceNames(plan));
        } catch (Exception e) {
            throw new BenchException("provisioning: " + e.getMessage(), e);
        }

        RunClock clock = RunClock.startingNow();
        SampleRecorder recorder = new SampleRecorder();
        writePlanJson(target, clock);
        try (TimelineWriter timeline = new TimelineWriter(runDir.resolve("timeline.jsonl"), clock);
             LatencyLogWriter latencyLog = new LatencyLogWriter(runDir.resolve("latency.hlog"), recorder, clock);
             MqttDeviceFleet fleet = new MqttDeviceFleet(
                     PlanLoads.fleet(plan, target.mqttUrl(), provisioned.tenantDevices()), recorder, clock)) {
            fleet.connect();
            Progress progress = new Progress(clock, plan.duration(), () -> fleet.summary().acknowledged(),
                    () -> fleet.summary().publishFailures(), console, Progress.onTerminal());
            timeline.addListener(progress);
            InjectionRunner injections = new InjectionRunner(target.routing(), timeline, runDir);

            latencyLog.start();
            timeline.mark(MarkKind.RUN_STARTED, SOURCE, Map.of("runId", runId, "target", target.label()));
            fleet.start();
            RestLoadThread rest = RestLoadThread.start(plan, target, provisioned, provisioner, recorder, clock,
                    runDir.resolve("gatling"));
            progress.start();
            List<InjectionOutcome> outcomes;
            try (progress) {
                outcomes = runInjections(injections, clock, timeline);
                waitUntil(clock, plan.duration());
                fleet.awaitLoadEnd(Duration.ofSeconds(10));
                fleet.stop();
                rest.awaitEnd(Duration.ofSeconds(60)).ifPresent(problem -> timeline.mark("rest-load-failed", SOURCE,
                        Map.of("reason", problem)));
            }
            console.println("[contmig] load finished; draining (up to " + DRAIN_TIMEOUT.toSeconds() + " s)");
            FleetSummary summary = fleet.drain(DRAIN_TIMEOUT);
            timeline.mark(MarkKind.RUN_FINISHED, SOURCE, Map.of("published", summary.published(),
                    "acknowledged", summary.acknowledged(), "failures", summary.publishFailures(),
                    "connectionMode", summary.mode().label(), "generatorP99LagMs",
                    summary.health().p99Lag().toNanos() / 1e6, "generatorSaturated", summary.health().saturated()));
            console.println("[contmig] " + summary.describe());

            List<StoreCheck> checks = crossStoreCheck(target.routing(), acknowledged(fleet, provisioned));
            mergeIntoVerifications(checks);
            return new Result(summary, outcomes, checks);
        } catch (IOException e) {
            throw new BenchException("run record in " + runDir + ": " + e.getMessage(), e);
        } catch (io.contmig.load.mqtt.FleetException e) {
            throw new BenchException("mqtt: " + e.getMessage(), e);
        }
    }

    /** Fires each injection at its time, one at a time; a late start (previous one still running) is marked. */
    private List<InjectionOutcome> runInjections(InjectionRunner runner, RunClock clock, TimelineWriter timeline)
            throws InterruptedException {
        List<InjectionOutcome> outcomes = new ArrayList<>();
        for (InjectionPlan injection : plan.injections()) {
            waitUntil(clock, injection.at());
            long lateMs = (clock.nanos() - injection.at().toNanos()) / 1_000_000;
            if (lateMs > 1000) {
                timeline.mark("injection-late", SOURCE, Map.of("injection", injection.name(), "lateMs", lateMs));
            }
            if (injection.action() instanceof PlannedMigration m) {
                outcomes.add(runner.run(new InjectionSpec(injection.name(), m.alias(), m.tenant(), m.from(), m.to()),
                        m.options()));
            } else if (injection.action() instanceof PlannedPlacement p) {
                outcomes.add(runner.run(new InjectionSpec(injection.name(), p.alias(), p.tenant(), p.from(), p.to()),
                        p.options()));
            }
        }
        return outcomes;
    }

    private static void waitUntil(RunClock clock, Duration t) throws InterruptedException {
        long remaining;
        while ((remaining = t.toNanos() - clock.nanos()) > 0) {
            // Sleeping until a clock time is the schedule itself here, not a stand-in for a condition.
            Thread.sleep(Math.max(1, Math.min(remaining / 1_000_000, 200)));
        }
    }

    private void writePlanJson(BenchTarget target, RunClock clock) throws BenchException {
        PlanDocument document = PlanJson.document(plan).withRunFacts(runId, harnessVersion, clock.wallClockAtZero(),
                target.label(), target.versions(), Machine.describe());
        try {
            Files.writeString(runDir.resolve("plan.json"), PlanJson.write(document), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BenchException("cannot write plan.json: " + e.getMessage(), e);
        }
    }

    private static AcknowledgedEvents acknowledged(MqttDeviceFleet fleet, ProvisionedFleet provisioned) {
        var ledger = fleet.ackLedger();
        return new AcknowledgedEvents() {
            @Override
            public Iterable<String> tenants() {
                return ledger.tenants();
            }

            @Override
            public Map<String, String> deviceIds(String tenant) {
                Map<String, String> ids = new LinkedHashMap<>();
                provisioned.devices().getOrDefault(tenant, List.of()).forEach(d -> ids.put(d.token(), d.deviceId()));
                return ids;
            }

            @Override
            public void forEachAcknowledged(String tenant, String device, LongConsumer action) {
                ledger.forEachAcknowledged(tenant, device, action);
            }
        };
    }

    /** Reads each tenant's Kafka topic and InfluxDB database on the site serving it now. */
    private List<StoreCheck> crossStoreCheck(TenantRouting routing, AcknowledgedEvents acked) throws BenchException {
        CrossStoreChecker checker = new CrossStoreChecker(CHECK_TIMEOUT);
        List<StoreCheck> checks = new ArrayList<>();
        for (String tenant : acked.tenants()) {
            String kafkaSite = routing.siteOf(tenant, Store.KAFKA);
            String influxSite = routing.siteOf(tenant, Store.INFLUXDB);
            SiteEndpoints kafka = routing.endpoints(kafkaSite, kafkaSite);
            SiteEndpoints influx = routing.endpoints(influxSite, influxSite);
            try {
                checks.add(relabel(checker.checkKafka(acked, tenant, kafka.kafkaBootstrap()), kafkaSite));
                checks.add(relabel(checker.checkInflux(acked, tenant, influx.influxUrl()), influxSite));
            } catch (IOException e) {
                throw new BenchException("cross-store check of tenant " + tenant + ": " + e.getMessage(), e);
            }
        }
        for (StoreCheck c : checks) {
            console.println(String.format(java.util.Locale.ROOT,
                    "[contmig] check %-8s %-10s on %-5s: %d acknowledged, %d lost, %d duplicated, %d reordered",
                    c.store(), c.tenant(), c.where(), c.expected(), c.lost(), c.duplicated(), c.reordered()));
        }
        return checks;
    }

    private static StoreCheck relabel(StoreCheck c, String site) {
        return new StoreCheck(c.store(), c.tenant(), site, c.expected(), c.lost(), c.duplicated(), c.reordered(),
                c.unexpected(), c.examples());
    }

    /**
     * Writes {@code verification/cross-store.json} and adds the checks of each injection's tenant to its
     * verification file: a run-level check cannot tell which injection lost an event, so every injection of the
     * tenant carries the tenant's losses (and fails with them).
     */
    private void mergeIntoVerifications(List<StoreCheck> checks) throws BenchException {
        try {
            Files.writeString(runDir.resolve("verification/cross-store.json"),
                    JSON.writeValueAsString(Map.of("checks", checks)), StandardCharsets.UTF_8);
            for (InjectionPlan injection : plan.injections()) {
                String tenant = injection.action() instanceof PlannedMigration m ? m.tenant()
                        : ((PlannedPlacement) injection.action()).tenant();
                Path file = runDir.resolve("verification/" + injection.name() + ".json");
                ObjectNode v = Files.exists(file) ? (ObjectNode) JSON.readTree(file.toFile()) : emptyVerification();
                long lost = v.path("lost").asLong();
                long duplicated = v.path("duplicated").asLong();
                ArrayNode mismatches = v.has("mismatches") && v.get("mismatches").isArray()
                        ? (ArrayNode) v.get("mismatches") : v.putArray("mismatches");
                ArrayNode cross = v.putArray("crossStore");
                boolean anyLost = false;
                for (StoreCheck c : checks) {
                    if (!c.tenant().equals(tenant)) {
                        continue;
                    }
                    cross.add(JSON.valueToTree(c));
                    lost += c.lost();
                    duplicated += c.duplicated();
                    if (c.lost() > 0) {
                        anyLost = true;
                        mismatches.add(c.store() + " on " + c.where() + ": " + c.lost() + " acknowledged events of "
                                + tenant + " missing, e.g. " + String.join(", ", c.examples()));
                    }
                }
                v.put("lost", lost);
                v.put("duplicated", duplicated);
                String verdict = v.path("verdict").asText("UNKNOWN");
                if (anyLost) {
                    v.put("verdict", "FAIL");
                } else if (verdict.isEmpty()) {
                    v.put("verdict", "UNKNOWN");
                }
                Files.writeString(file, JSON.writeValueAsString(v), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new BenchException("verification files: " + e.getMessage(), e);
        }
    }

    /** A placement has no verifier of its own: the cross-store check is its verification. */
    private static ObjectNode emptyVerification() {
        ObjectNode v = JSON.createObjectNode();
        v.put("verdict", "PASS");
        v.put("checked", 0);
        v.put("lost", 0);
        v.put("duplicated", 0);
        v.putArray("mismatches");
        return v;
    }

}
