package io.contmig.runner.bench;

import io.contmig.load.GeneratorShare;
import io.contmig.load.PlanLoads;
import io.contmig.load.mqtt.FleetException;
import io.contmig.load.mqtt.FleetSummary;
import io.contmig.load.mqtt.MqttDeviceFleet;
import io.contmig.load.mqtt.RestFreshnessProbe;
import io.contmig.load.provision.ProvisionedFleet;
import io.contmig.load.provision.RestEndpoint;
import io.contmig.load.provision.SiteWhereProvisioner;
import io.contmig.plan.BenchPlan;
import io.contmig.plan.TenantPlan;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.target.AcknowledgedEvents;

import java.io.PrintStream;
import java.net.URI;
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
 *
 * <p>In a generator process ({@code load.generators}) it drives one {@link GeneratorShare} of the load over fleets
 * the runner provisioned: {@link #provision()} then only checks the credentials.
 */
public final class SiteWhereLoad implements BenchLoad {

    /** What provisioning made: the publishing devices and the spares (targets of REST {@code createAssignment}). */
    public record Fleets(ProvisionedFleet devices, ProvisionedFleet spares) {
    }

    private final BenchPlan plan;
    private final URI mqttUrl;
    private final RestEndpoint restEndpoint;
    private final Path runDir;
    private final PrintStream console;
    private final GeneratorShare share;
    private final Optional<Fleets> given;
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
        this(plan, target.mqttUrl(), target.rest(), runDir, console, GeneratorShare.ALL, Optional.empty());
    }

    /**
     * The load of generator {@code share} over {@code given} fleets (provisioning then happens elsewhere), or the
     * whole load with its own provisioning when {@code given} is empty.
     */
    public SiteWhereLoad(BenchPlan plan, URI mqttUrl, RestEndpoint rest, Path runDir, PrintStream console,
                         GeneratorShare share, Optional<Fleets> given) {
        this.plan = plan;
        this.mqttUrl = mqttUrl;
        this.restEndpoint = rest;
        this.runDir = runDir;
        this.console = console;
        this.share = share;
        this.given = given;
    }

    /** Creates the plan's device types, devices, spares and assignments over {@code rest} (or finds them). */
    public static Fleets provisionFleets(BenchPlan plan, RestEndpoint rest, PrintStream console) throws BenchException {
        console.println("[contmig] provisioning " + plan.deviceCount() + " devices over REST (" + rest.baseUrl() + ")");
        SiteWhereProvisioner provisioner = new SiteWhereProvisioner(rest, Duration.ofSeconds(30), 8);
        try {
            provisioner.check(plan.tenants().stream().map(TenantPlan::name).toList());
            return new Fleets(provisioner.provision(SiteWhereProvisioner.DEFAULT_DEVICE_TYPE, PlanLoads.deviceNames(plan)),
                    provisioner.provision(SiteWhereProvisioner.DEFAULT_DEVICE_TYPE, PlanLoads.spareDeviceNames(plan)));
        } catch (Exception e) {
            throw new BenchException("provisioning: " + e.getMessage(), e);
        }
    }

    @Override
    public void provision() throws BenchException {
        Fleets fleets = given.isPresent() ? given.get() : provisionFleets(plan, restEndpoint, console);
        provisioner = new SiteWhereProvisioner(restEndpoint, Duration.ofSeconds(30), 8);
        provisioned = fleets.devices();
        spares = fleets.spares();
    }

    @Override
    public void connect(SampleRecorder recorder, RunClock clock) throws BenchException {
        this.recorder = recorder;
        this.clock = clock;
        fleet = new MqttDeviceFleet(PlanLoads.fleet(plan, mqttUrl, provisioned.tenantDevices(), share), recorder, clock);
        double share = plan.load().mqtt().freshnessShare();
        if (share > 0) {
            Map<String, Map<String, String>> assignments = new LinkedHashMap<>();
            provisioned.devices().forEach((tenant, ds) -> {
                Map<String, String> byToken = new LinkedHashMap<>();
                ds.forEach(d -> byToken.put(d.token(), d.assignmentToken()));
                assignments.put(tenant, byToken);
            });
            freshness = new RestFreshnessProbe(RestFreshnessProbe.Config.of(restEndpoint.baseUrl(), () -> {
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
        rest = RestLoadThread.start(plan, restEndpoint.baseUrl(), share, provisioned, spares, provisioner, recorder, clock,
                runDir.resolve("gatling"));
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
        return new LoadSummary(s.published(), s.acknowledged(), s.publishFailures(), s.mode().label(), s.client().label(),
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
