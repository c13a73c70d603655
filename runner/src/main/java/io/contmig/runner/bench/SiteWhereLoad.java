package io.contmig.runner.bench;

import io.contmig.load.PlanLoads;
import io.contmig.load.mqtt.FleetException;
import io.contmig.load.mqtt.FleetSummary;
import io.contmig.load.mqtt.MqttDeviceFleet;
import io.contmig.load.mqtt.RestFreshnessProbe;
import io.contmig.load.provision.ProvisionedFleet;
import io.contmig.load.provision.SiteWhereProvisioner;
import io.contmig.plan.BenchPlan;
import io.contmig.plan.TenantPlan;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.target.AcknowledgedEvents;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The production load: provisioning over SiteWhere's REST API, the MQTT device fleet (open model, QoS 1) and the
 * plan's REST load (Gatling, on its own thread). See {@link BenchLoad} for the call order and threading.
 */
final class SiteWhereLoad implements BenchLoad {

    private final BenchPlan plan;
    private final BenchTarget target;
    private final Path runDir;
    private final PrintStream console;
    private SiteWhereProvisioner provisioner;
    private ProvisionedFleet provisioned;
    /** Devices that publish nothing, targets of REST {@code createAssignment}. */
    private ProvisionedFleet spares;
    private MqttDeviceFleet fleet;
    /** {@code mqtt.freshness} of a sampled share of events; null when the plan samples none. */
    private RestFreshnessProbe freshness;
    private RestLoadThread rest;
    private SampleRecorder recorder;
    private RunClock clock;

    SiteWhereLoad(BenchPlan plan, BenchTarget target, Path runDir, PrintStream console) {
        this.plan = plan;
        this.target = target;
        this.runDir = runDir;
        this.console = console;
    }

    @Override
    public void provision() throws BenchException {
        console.println("[contmig] provisioning " + plan.deviceCount() + " devices over REST ("
                + target.rest().baseUrl() + ")");
        provisioner = new SiteWhereProvisioner(target.rest(), Duration.ofSeconds(30), 8);
        try {
            provisioner.check(plan.tenants().stream().map(TenantPlan::name).toList());
            provisioned = provisioner.provision(SiteWhereProvisioner.DEFAULT_DEVICE_TYPE, PlanLoads.deviceNames(plan));
            spares = provisioner.provision(SiteWhereProvisioner.DEFAULT_DEVICE_TYPE, PlanLoads.spareDeviceNames(plan));
        } catch (Exception e) {
            throw new BenchException("provisioning: " + e.getMessage(), e);
        }
    }

    @Override
    public void connect(SampleRecorder recorder, RunClock clock) throws BenchException {
        this.recorder = recorder;
        this.clock = clock;
        fleet = new MqttDeviceFleet(PlanLoads.fleet(plan, target.mqttUrl(), provisioned.tenantDevices()), recorder, clock);
        double share = plan.load().mqtt().freshnessShare();
        if (share > 0) {
            Map<String, Map<String, String>> assignments = new LinkedHashMap<>();
            provisioned.devices().forEach((tenant, ds) -> {
                Map<String, String> byToken = new LinkedHashMap<>();
                ds.forEach(d -> byToken.put(d.token(), d.assignmentToken()));
                assignments.put(tenant, byToken);
            });
            freshness = new RestFreshnessProbe(RestFreshnessProbe.Config.of(target.rest().baseUrl(), () -> {
                try {
                    return provisioner.jwt().token();
                } catch (Exception e) {
                    throw new IllegalStateException("freshness: cannot refresh the JWT: " + e.getMessage(), e);
                }
            }, assignments, share, plan.seed()), recorder, clock);
            fleet.observeAcknowledged(freshness);
        }
        try {
            fleet.connect();
        } catch (FleetException e) {
            throw new BenchException("mqtt: " + e.getMessage(), e);
        }
    }

    @Override
    public void start() {
        if (freshness != null) {
            freshness.start();
        }
        fleet.start();
        rest = RestLoadThread.start(plan, target, provisioned, spares, provisioner, recorder, clock, runDir.resolve("gatling"));
    }

    @Override
    public long acknowledged() {
        MqttDeviceFleet f = fleet;
        return f == null ? 0 : f.summary().acknowledged();
    }

    @Override
    public long failures() {
        MqttDeviceFleet f = fleet;
        return f == null ? 0 : f.summary().publishFailures();
    }

    @Override
    public Optional<String> stop() throws InterruptedException {
        fleet.awaitLoadEnd(Duration.ofSeconds(10));
        fleet.stop();
        return rest.awaitEnd(Duration.ofSeconds(60));
    }

    @Override
    public LoadSummary drain(Duration timeout) throws InterruptedException {
        FleetSummary s = fleet.drain(timeout);
        if (freshness != null) {
            // The last sampled events get a few seconds to show up in the listing; the rest count as failures.
            freshness.awaitSeen(Duration.ofSeconds(10));
            freshness.close();
        }
        return new LoadSummary(s.published(), s.acknowledged(), s.publishFailures(), s.mode().label(),
                s.health().p99Lag().toNanos() / 1e6, s.health().saturated(), s.describe());
    }

    @Override
    public AcknowledgedEvents acknowledgedEvents() {
        var ledger = fleet.ackLedger();
        return new AcknowledgedEvents() {
            @Override
            public List<String> tenants() {
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

    @Override
    public void close() {
        if (freshness != null) {
            freshness.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }
}
