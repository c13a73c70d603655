package io.contmig.runner.bench;

import io.contmig.load.iotlab.BridgeReport;
import io.contmig.load.iotlab.ExperimentInfo;
import io.contmig.load.iotlab.ExperimentSpec;
import io.contmig.load.iotlab.IotLabClient;
import io.contmig.load.iotlab.IotLabCredentials;
import io.contmig.load.iotlab.IotLabNode;
import io.contmig.load.iotlab.PayloadMapper;
import io.contmig.load.iotlab.SerialBridge;
import io.contmig.load.iotlab.SerialLineSource;
import io.contmig.load.mqtt.DeviceIdentity;
import io.contmig.load.mqtt.TenantDevices;
import io.contmig.load.provision.ProvisionedFleet;
import io.contmig.load.provision.SiteWhereProvisioner;
import io.contmig.plan.BenchPlan;
import io.contmig.plan.IotLabLoad;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.target.AcknowledgedEvents;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * A run's load plus real FIT IoT-LAB devices ({@code load.iotlab}): wraps the plan's other load and adds, in the
 * {@link BenchLoad} call order,
 * <ol>
 *   <li>{@link #provision}: submits the experiment through the IoT-LAB API (or attaches to {@code experiment}), waits
 *       until it is Running ({@code startTimeout}), lists its nodes and provisions one device per node
 *       ({@code iotlab-<site>-<node>}, e.g. {@code iotlab-grenoble-m3-7}) in the tenant;</li>
 *   <li>{@link #connect}: the {@link SerialBridge}'s MQTT session to the target's broker;</li>
 *   <li>{@link #start}: opens the bridge ({@code file}, {@code tcp} or {@code ssh}) and forwards its lines on a thread
 *       of its own, as SiteWhere measurements timed as {@code iotlab.publish@<tenant>} — from the line's arrival
 *       at contmig (run clock) to the broker's PUBACK; the frontend's timestamp is another machine's clock and only
 *       becomes the event's {@code eventDate};</li>
 *   <li>{@link #stop} / {@link #drain}: ends the bridge, waits for its PUBACKs, prints its line counts;</li>
 *   <li>{@link #acknowledgedEvents}: the other load's plus the bridge's, so that the cross-store check counts the
 *       devices' events too;</li>
 *   <li>{@link #close}: stops the experiment it submitted (never one it attached to).</li>
 * </ol>
 * Threading as {@link BenchLoad}. A failure of the API or of provisioning is a {@link BenchException} before t=0; a
 * bridge that breaks during the run is reported in the summary, never fatal (the testbed is not the system under test).
 */
final class IotLabBenchLoad implements BenchLoad {

    private static final Duration API_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofSeconds(5);
    private static final Duration BRIDGE_DRAIN = Duration.ofSeconds(10);

    private final BenchLoad other;
    private final IotLabLoad spec;
    private final BenchPlan plan;
    private final BenchTarget target;
    private final PrintStream console;
    private final Map<String, String> env;
    private IotLabClient client;
    private long experimentId;
    private boolean submitted;
    private Map<String, String> tokenByNode = Map.of();
    private ProvisionedFleet provisioned;
    private SerialBridge bridge;
    private SerialLineSource source;
    private CompletableFuture<BridgeReport> forwarding;

    private IotLabBenchLoad(BenchLoad other, BenchPlan plan, BenchTarget target, PrintStream console,
                            Map<String, String> env) {
        this.other = other;
        this.plan = plan;
        this.spec = plan.load().iotlab().orElseThrow();
        this.target = target;
        this.console = console;
        this.env = Map.copyOf(env);
    }

    /** {@code other} alone when the plan has no {@code load.iotlab}; else {@code other} plus the IoT-LAB devices. */
    static BenchLoad around(BenchLoad other, BenchPlan plan, BenchTarget target, PrintStream console,
                            Map<String, String> env) {
        return plan.load().iotlab().isEmpty() ? other : new IotLabBenchLoad(other, plan, target, console, env);
    }

    @Override
    public void provision() throws BenchException, InterruptedException {
        other.provision();
        Path credentialsFile = spec.credentials().map(Path::of).orElse(IotLabCredentials.defaultFile(env));
        String api = spec.api().orElse(IotLabCredentials.defaultApi(env));
        try {
            IotLabCredentials credentials = IotLabCredentials.read(credentialsFile);
            client = new IotLabClient(URI.create(api), credentials.login(), credentials.password(), API_TIMEOUT);
            client.checkCredentials();
            if (spec.experiment().isPresent()) {
                experimentId = spec.experiment().get();
                console.println("[contmig] iotlab: attaching to experiment " + experimentId + " (" + client.base() + ")");
            } else {
                experimentId = client.submit(experiment());
                submitted = true;
                console.println("[contmig] iotlab: submitted experiment " + experimentId + " at " + spec.site()
                        + " (" + client.base() + ")");
            }
            ExperimentInfo info = client.awaitRunning(experimentId, spec.startTimeout(), POLL);
            List<IotLabNode> nodes = client.experimentNodes(info.id());
            Map<String, String> tokens = new LinkedHashMap<>();
            nodes.stream().filter(n -> n.site().isEmpty() || n.site().equals(spec.site()))
                    .forEach(n -> tokens.put(n.shortId(), "iotlab-" + spec.site() + "-" + n.shortId()));
            if (tokens.isEmpty()) {
                throw new BenchException("iotlab: experiment " + experimentId + " has no node at " + spec.site());
            }
            tokenByNode = tokens;
            List<DeviceIdentity> devices = tokens.values().stream().map(t -> new DeviceIdentity(t, "")).toList();
            provisioned = new SiteWhereProvisioner(target.rest(), API_TIMEOUT, 4)
                    .provision(SiteWhereProvisioner.DEFAULT_DEVICE_TYPE, List.of(new TenantDevices(spec.tenant(), devices)));
            console.println("[contmig] iotlab: experiment " + experimentId + " Running; " + tokens.size()
                    + " node(s) provisioned as devices of tenant " + spec.tenant());
        } catch (BenchException e) {
            throw e;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new BenchException("iotlab: " + e.getMessage(), e);
        }
    }

    /** The experiment to submit: this run's duration plus margin for provisioning and drain, in whole minutes. */
    private ExperimentSpec experiment() {
        int minutes = (int) Math.max(1, (plan.duration().toSeconds() + 59) / 60) + 10;
        String name = "contmig-" + plan.name().replaceAll("[^A-Za-z0-9_-]", "-");
        ExperimentSpec s = spec.nodes().isEmpty()
                ? ExperimentSpec.alias(name, minutes, spec.nodeCount(), spec.archi(), spec.site(), spec.firmware())
                : ExperimentSpec.physical(name, minutes,
                spec.nodes().stream().map(n -> n + "." + spec.site() + ".iot-lab.info").toList(), spec.firmware());
        return spec.profile().map(s::withProfile).orElse(s);
    }

    @Override
    public void connect(SampleRecorder recorder, RunClock clock) throws BenchException, InterruptedException {
        other.connect(recorder, clock);
        try {
            bridge = new SerialBridge(target.mqttUrl(), spec.tenant(), tokenByNode, PayloadMapper.openlabAndJson(),
                    recorder, clock);
        } catch (Exception e) {
            throw new BenchException("iotlab: the bridge cannot connect to " + target.mqttUrl() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void start() throws BenchException {
        try {
            source = SerialLineSource.open(sourceSpec());
        } catch (Exception e) {
            throw new BenchException("iotlab: bridge " + spec.bridge().kind() + ": " + e.getMessage(), e);
        }
        forwarding = CompletableFuture.supplyAsync(() -> {
            try {
                return bridge.run(source, BRIDGE_DRAIN);
            } catch (Exception e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, r -> {
            Thread t = new Thread(r, "contmig-iotlab-bridge");
            t.setDaemon(true);
            t.start();
        });
        other.start();
    }

    /** The {@link SerialLineSource} form of the plan's bridge. */
    private String sourceSpec() {
        if (spec.bridge() instanceof IotLabLoad.FileBridge f) {
            return "file:" + f.path();
        }
        if (spec.bridge() instanceof IotLabLoad.TcpBridge t) {
            return "tcp:" + t.host() + ":" + t.port();
        }
        IotLabLoad.SshBridge s = (IotLabLoad.SshBridge) spec.bridge();
        return "ssh:" + s.login().orElseGet(() -> loginOf(s)) + "@" + s.host() + ":" + experimentId;
    }

    private String loginOf(IotLabLoad.SshBridge s) {
        try {
            return IotLabCredentials.read(spec.credentials().map(Path::of).orElse(IotLabCredentials.defaultFile(env)))
                    .login();
        } catch (Exception e) {
            throw new IllegalStateException("no ssh login for " + s.host() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long acknowledged() {
        SerialBridge b = bridge;
        return other.acknowledged() + (b == null ? 0 : b.acknowledged());
    }

    @Override
    public long failures() {
        return other.failures();
    }

    @Override
    public Optional<String> stop() throws BenchException, InterruptedException {
        if (bridge != null) {
            bridge.stop();
        }
        if (source != null && forwarding != null && !forwarding.isDone()) {
            try {
                source.close(); // a live stream (tcp, ssh) blocks in a read until it is closed
            } catch (Exception e) {
                console.println("[contmig] iotlab: closing the bridge: " + e.getMessage());
            }
        }
        return other.stop();
    }

    @Override
    public LoadSummary drain(Duration timeout) throws BenchException, InterruptedException {
        LoadSummary s = other.drain(timeout);
        BridgeReport report = report(timeout);
        String line = report == null ? "IoT-LAB bridge: no report" : report.describe();
        console.println("[contmig] " + line);
        long published = report == null ? 0 : report.published();
        long acknowledged = report == null ? 0 : report.acknowledged();
        long failed = report == null ? 0 : report.failed();
        return new LoadSummary(s.published() + published, s.acknowledged() + acknowledged, s.failures() + failed,
                s.connectionMode(), s.mqttClient(), s.generatorP99LagMs(), s.generatorSaturated(), s.description() + "; " + line);
    }

    private BridgeReport report(Duration timeout) throws InterruptedException {
        if (forwarding == null) {
            return null;
        }
        try {
            return forwarding.get(timeout.toMillis() + BRIDGE_DRAIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            console.println("[contmig] iotlab: the bridge failed: " + e.getMessage());
            return null;
        }
    }

    @Override
    public void observe(io.contmig.record.Mark mark) {
        other.observe(mark);
    }

    @Override
    public List<Path> latencyLogs() {
        return other.latencyLogs();
    }

    @Override
    public List<Map<String, Object>> generators() {
        return other.generators();
    }

    @Override
    public AcknowledgedEvents acknowledgedEvents() {
        AcknowledgedEvents others = other.acknowledgedEvents();
        SerialBridge b = bridge;
        Map<String, String> ids = provisioned == null ? Map.of() : provisioned.deviceIdByToken();
        return new AcknowledgedEvents() {
            @Override
            public List<String> tenants() {
                LinkedHashSet<String> all = new LinkedHashSet<>(others.tenants());
                if (b != null && !b.acknowledgedDevices().isEmpty()) {
                    all.add(spec.tenant());
                }
                return new ArrayList<>(all);
            }

            @Override
            public Map<String, String> deviceIds(String tenant) {
                Map<String, String> merged = new LinkedHashMap<>(others.deviceIds(tenant));
                if (tenant.equals(spec.tenant())) {
                    merged.putAll(ids);
                }
                return merged;
            }

            @Override
            public void forEachAcknowledged(String tenant, String device, LongConsumer action) {
                if (b != null && tenant.equals(spec.tenant()) && ids.containsKey(device)) {
                    b.forEachAcknowledged(device, action);
                } else {
                    others.forEachAcknowledged(tenant, device, action);
                }
            }
        };
    }

    @Override
    public void close() {
        try {
            if (source != null) {
                source.close();
            }
        } catch (Exception e) {
            console.println("[contmig] iotlab: closing the bridge: " + e.getMessage());
        }
        if (bridge != null) {
            bridge.close();
        }
        if (submitted && client != null) {
            try {
                console.println("[contmig] iotlab: stopping experiment " + experimentId + ": " + client.stop(experimentId));
            } catch (Exception e) {
                console.println("[contmig] iotlab: could not stop experiment " + experimentId + " (stop it with "
                        + "`iotlab-experiment stop -i " + experimentId + "`): " + e.getMessage());
            }
        }
        other.close();
    }
}
