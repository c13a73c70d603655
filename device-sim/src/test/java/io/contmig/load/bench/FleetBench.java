package io.contmig.load.bench;

import io.contmig.load.mqtt.ConnectionMode;
import io.contmig.load.mqtt.DeviceIdentity;
import io.contmig.load.mqtt.EventMix;
import io.contmig.load.mqtt.FleetConfig;
import io.contmig.load.mqtt.FleetSummary;
import io.contmig.load.mqtt.IntendedStarts;
import io.contmig.load.mqtt.MqttDeviceFleet;
import io.contmig.load.mqtt.NoDelaySocketFactory;
import io.contmig.load.mqtt.SiteWhereJsonEvents;
import io.contmig.load.mqtt.TenantDevices;
import io.contmig.load.testing.EchoPipeline;
import io.contmig.load.testing.HlogSamples;
import io.contmig.plan.ArrivalSchedule;
import io.contmig.plan.Arrivals;
import io.contmig.plan.LoadProfile;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.servers.DelayProxy;
import io.contmig.servers.MosquittoServer;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import io.contmig.plan.MqttClientKind;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ThreadPerTaskExecutor;
import io.reactivex.schedulers.Schedulers;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;

import static io.contmig.plan.LoadProfile.constantRate;

/**
 * The device fleet's measurements (not part of {@code mvn verify}): run with
 * {@code mvn -q -o -pl device-sim -Pbench test-compile exec:exec -Dbench=<throughput|scale|accuracy|one-generator|all>}
 * (a forked JVM with {@code -Xmx1g}). Each prints its figures and the conditions they were taken in
 * ({@code uptime}, open-file limit). {@code one-generator} is issue 14's item 6: 1,000 per-device sessions on each client, 10,000 on HiveMQ,
 * then the throughput rounds (each client's fleet against a plain loop on that client, side by side) and the
 * timing accuracy on each client.
 */
public final class FleetBench {

    private FleetBench() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length == 0 ? "all" : args[0];
        System.out.printf(Locale.ROOT, "# machine: %d cores, JVM %s, max heap %d MiB%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        Path dir = Path.of("target", "bench").toAbsolutePath();
        MosquittoServer broker = new MosquittoServer(MosquittoServer.Options.defaults("device-sim-bench",
                dir.resolve("mqtt")).withRunDir(dir.resolve("run")));
        broker.start();
        printConditions();
        try {
            if (which.equals("one-generator") || which.equals("scale-hivemq")) {
                // As a scenario's fleet runs (PlanLoads): one scheduler per core, at most 4. No echo pipeline: the
                // figures are the generator's publish path (PUBACKs), not the broker's fan-out.
                schedulerThreads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
                echoes = false;
            }
            if (which.equals("one-generator")) {
                scale(broker, ConnectionMode.PER_DEVICE, 1_000, 1, MqttClientKind.PAHO);
                scale(broker, ConnectionMode.PER_DEVICE, 1_000, 1, MqttClientKind.HIVEMQ);
                scale(broker, ConnectionMode.PER_DEVICE, 10_000, 1, MqttClientKind.HIVEMQ);
                throughput(broker);
                accuracy(broker);
            }
            if (which.equals("scale-hivemq")) {
                scale(broker, ConnectionMode.PER_DEVICE, 10_000, 1, MqttClientKind.HIVEMQ);
            }
            if (which.equals("throughput") || which.equals("all")) {
                throughput(broker);
            }
            if (which.startsWith("throughput-")) {
                String label = which.substring("throughput-".length());
                throughput(broker, java.util.Arrays.stream(MqttClientKind.values())
                        .filter(k -> k.label().equals(label)).toArray(MqttClientKind[]::new));
            }
            if (which.equals("accuracy") || which.equals("all")) {
                accuracy(broker);
            }
            if (which.equals("scale") || which.equals("all")) {
                scale(broker, ConnectionMode.SHARED, 10_000, 4, MqttClientKind.PAHO);
                scale(broker, ConnectionMode.PER_DEVICE, 1_000, 1, MqttClientKind.PAHO);
                scale(broker, ConnectionMode.PER_DEVICE, 10_000, 1, MqttClientKind.HIVEMQ);
            }
            if (which.equals("scale-shared")) {
                scale(broker, ConnectionMode.SHARED, 10_000, 4, MqttClientKind.PAHO);
            }
            if (which.startsWith("scale-shared-")) {
                schedulerThreads = Integer.parseInt(which.substring("scale-shared-".length()));
                scale(broker, ConnectionMode.SHARED, 10_000, 4, MqttClientKind.PAHO);
            }
        } catch (Exception e) {
            // A failed round must end the run: the clients' non-daemon threads would keep this JVM alive.
            e.printStackTrace();
            broker.close();
            System.exit(1);
        }
        broker.close();
        System.exit(0);
    }

    /** What the figures depend on: the machine's load (it is shared) and the open-file limit 10k sessions need. */
    private static void printConditions() throws Exception {
        Process uptime = new ProcessBuilder("uptime").redirectErrorStream(true).start();
        String load = new String(uptime.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        String files = java.nio.file.Files.readAllLines(Path.of("/proc/self/limits")).stream()
                .filter(l -> l.startsWith("Max open files")).findFirst().orElse("Max open files ?")
                .replaceAll("\\s+", " ");
        System.out.println("# uptime: " + load + "; " + files + " (Mosquitto inherits it; max_connections unset = "
                + "unlimited)");
    }

    private static List<TenantDevices> devices(int tenants, int perTenant) {
        List<TenantDevices> list = new ArrayList<>();
        for (int t = 0; t < tenants; t++) {
            String tenant = "t" + t;
            List<DeviceIdentity> ds = new ArrayList<>();
            for (int i = 1; i <= perTenant; i++) {
                String token = tenant + "-dev-" + i;
                ds.add(new DeviceIdentity(token, UUID.nameUUIDFromBytes(token.getBytes(StandardCharsets.UTF_8)).toString()));
            }
            list.add(new TenantDevices(tenant, ds));
        }
        return list;
    }

    private static IntendedStarts.PerDevice constant(double perDevice, long offsetNanos) {
        return i -> {
            ArrivalSchedule s = ArrivalSchedule.forDevice(1, i, LoadProfile.of(constantRate(perDevice)), Arrivals.CONSTANT);
            return () -> s.nextIntendedNanos() + offsetNanos;
        };
    }

    // ------------------------------------------------------------------------------------------ throughput

    /**
     * Fleet vs a plain loop on the same client library, for Paho and for HiveMQ side by side: same broker,
     * connections, in-flight window, and the same payloads (both encode with {@link SiteWhereJsonEvents},
     * measurement-only). Each round, per client: the plain loop (closed loop, one thread per connection, as fast as
     * the window allows), then the fleet offered exactly the plain loop's rate (open model, 400 devices, one
     * scheduler thread per connection like the loop's threads). Then each fleet offered 200,000 events/s (saturated:
     * the surplus fails at once). Each window also gives the CPU per acknowledged event of this JVM and of the broker:
     * on a shared machine the rate swings with the other processes, what an event costs much less. The fleet's
     * failures are events due while its in-flight window was full (the broker fell behind): the open model fails
     * them where the closed loop just waits.
     */
    private static void throughput(MosquittoServer broker) throws Exception {
        throughput(broker, MqttClientKind.values());
    }

    /** The throughput rounds for {@code clients} only ({@code -Dbench=throughput-hivemq}: e.g. under a profiler). */
    private static void throughput(MosquittoServer broker, MqttClientKind... clients) throws Exception {
        int connections = 4;
        int inflight = 10_000;
        int rounds = 5;
        Duration window = Duration.ofSeconds(5);
        System.out.println("## throughput: QoS 1, " + connections + " connections, in-flight window " + inflight
                + ", measurement-only SiteWhere JSON encoded by both, acknowledged events per second over "
                + window.toSeconds() + " s after 2 s warm-up; " + rounds + " rounds, each per client the plain loop "
                + "then the fleet offered the rate the loop just reached; the machine is shared, so per-round ratios "
                + "are what count");
        double[][] plain = new double[clients.length][rounds];
        double[][] matched = new double[clients.length][rounds];
        double[][] ratio = new double[clients.length][rounds];
        double[][] cpuRatio = new double[clients.length][rounds];
        for (int round = 0; round < rounds; round++) {
            for (int c = 0; c < clients.length; c++) {
                plain[c][round] = plainThroughput(broker, clients[c], connections, inflight, window);
                double[] plainCpu = lastCpuPerEvent;
                matched[c][round] = fleetThroughput(broker, clients[c], connections, inflight, window,
                        plain[c][round] / 400);
                double[] fleetCpu = lastCpuPerEvent;
                ratio[c][round] = matched[c][round] / plain[c][round];
                cpuRatio[c][round] = (plainCpu[0] + plainCpu[1]) / (fleetCpu[0] + fleetCpu[1]);
                System.out.printf(Locale.ROOT, "round %d %s: plain loop %.0f/s; fleet offered that rate %.0f/s "
                                + "(%.3f); CPU µs per acknowledged event (JVM + broker): plain %.1f + %.1f, fleet "
                                + "%.1f + %.1f (plain/fleet %.3f); fleet failed %d; load average %.1f%n", round + 1,
                        clients[c].label(), plain[c][round], matched[c][round], ratio[c][round], plainCpu[0],
                        plainCpu[1], fleetCpu[0], fleetCpu[1], cpuRatio[c][round], lastFleetFailures,
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
        }
        for (int c = 0; c < clients.length; c++) {
            double saturated = fleetThroughput(broker, clients[c], connections, inflight, window, 500);
            System.out.printf(Locale.ROOT, "RESULT throughput %s: median per-round ratio fleet/plain %.3f (goal >= "
                            + "0.9); plain median %.0f/s, fleet median %.0f/s; median CPU-per-event ratio plain/fleet "
                            + "%.3f; fleet offered 200000/s (saturated, surplus fails at once) %.0f/s (CPU µs per "
                            + "event JVM %.1f + broker %.1f)%n", clients[c].label(), median(ratio[c]),
                    median(plain[c]), median(matched[c]), median(cpuRatio[c]), saturated, lastCpuPerEvent[0],
                    lastCpuPerEvent[1]);
        }
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }

    private static double fleetThroughput(MosquittoServer broker, MqttClientKind client, int connections,
                                          int inflight, Duration window, double perDevice) throws Exception {
        FleetConfig config = FleetConfig.of(URI.create(broker.url()), devices(1, 400),
                        constant(perDevice, Duration.ofMillis(500).toNanos()), window.plusSeconds(3))
                .withEndToEnd(false).withMix(EventMix.MEASUREMENTS_ONLY)
                .withMode(ConnectionMode.SHARED, connections).withMaxInflight(inflight)
                .withSchedulerThreads(connections) // as many sending threads as the plain loop
                .withClient(client);
        RunClock clock = RunClock.startingNow();
        try (MqttDeviceFleet fleet = new MqttDeviceFleet(config, new SampleRecorder(), clock)) {
            fleet.connect();
            fleet.start();
            Thread.sleep(2_500);
            FleetSummary before = fleet.summary();
            long from = before.acknowledged();
            long t0 = System.nanoTime();
            long[] cpu0 = cpuNanos();
            Thread.sleep(window.toMillis());
            FleetSummary after = fleet.summary();
            long acked = after.acknowledged() - from;
            lastFleetFailures = after.publishFailures() - before.publishFailures();
            double seconds = (System.nanoTime() - t0) / 1e9;
            lastCpuPerEvent = cpuPerEvent(cpu0, acked);
            fleet.stop();
            fleet.drain(Duration.ofSeconds(10));
            return acked / seconds;
        }
    }

    /** One connection of a plain loop: publishes at QoS 1, counts PUBACKs, gives the window slot back. */
    private interface PlainPublisher {
        void publish(byte[] payload) throws Exception;

        void close() throws Exception;
    }

    private static PlainPublisher plainPaho(MosquittoServer broker, int c, int inflight, Semaphore window,
                                            LongAdder acked) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(broker.url(), "plain-" + c + "-" + System.nanoTime(),
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(inflight);
        options.setSocketFactory(new NoDelaySocketFactory());
        client.connect(options).waitForCompletion(30_000);
        IMqttActionListener listener = new IMqttActionListener() {
            @Override public void onSuccess(IMqttToken token) {
                acked.increment();
                window.release();
            }
            @Override public void onFailure(IMqttToken token, Throwable e) {
                window.release();
            }
        };
        return new PlainPublisher() {
            @Override
            public void publish(byte[] payload) throws Exception {
                client.publish("SiteWhere/t0/input/json", payload, 1, false, null, listener);
            }

            @Override
            public void close() throws Exception {
                client.disconnect(2_000).waitForCompletion(5_000);
                client.close();
            }
        };
    }

    /** HiveMQ's client as the fleet configures it: a shared event loop group, completions on the event loops. */
    private static PlainPublisher plainHiveMq(MosquittoServer broker, int c, MqttClientExecutorConfig executors,
                                              Semaphore window, LongAdder acked) throws Exception {
        Mqtt3AsyncClient client = MqttClient.builder().useMqttVersion3()
                .identifier("plain-hivemq-" + c + "-" + System.nanoTime())
                .serverHost(broker.host()).serverPort(broker.port())
                .executorConfig(executors).buildAsync();
        client.connectWith().cleanSession(true).send().get(30, java.util.concurrent.TimeUnit.SECONDS);
        com.hivemq.client.mqtt.datatypes.MqttTopic topic =
                com.hivemq.client.mqtt.datatypes.MqttTopic.of("SiteWhere/t0/input/json");
        return new PlainPublisher() {
            @Override
            public void publish(byte[] payload) {
                client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload).send()
                        .whenComplete((result, failure) -> {
                            if (failure == null) {
                                acked.increment();
                            }
                            window.release();
                        });
            }

            @Override
            public void close() throws Exception {
                client.disconnect().get(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        };
    }

    private static double plainThroughput(MosquittoServer broker, MqttClientKind kind, int connections, int inflight,
                                          Duration window) throws Exception {
        LongAdder acked = new LongAdder();
        List<PlainPublisher> publishers = new ArrayList<>();
        List<Thread> loops = new ArrayList<>();
        volatileStop = false;
        // The fleet's HiveMQ settings (HiveMqLinks): 2-4 event loop threads shared by all connections.
        MqttClientExecutorConfig executors = MqttClientExecutorConfig.builder()
                .nettyExecutor(new ThreadPerTaskExecutor(new DefaultThreadFactory("plain-mqtt", true)))
                .nettyThreads(Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())))
                .applicationScheduler(Schedulers.from(Runnable::run))
                .build();
        for (int c = 0; c < connections; c++) {
            Semaphore window0 = new Semaphore(inflight - 10);
            PlainPublisher publisher = kind == MqttClientKind.HIVEMQ
                    ? plainHiveMq(broker, c, executors, window0, acked) : plainPaho(broker, c, inflight, window0, acked);
            publishers.add(publisher);
            int offset = c;
            Thread loop = new Thread(() -> {
                // The same payloads the fleet sends: same encoder, devices and sequence numbers.
                SiteWhereJsonEvents encoder = new SiteWhereJsonEvents(EventMix.MEASUREMENTS_ONLY);
                SplittableRandom random = new SplittableRandom(offset);
                long i = offset;
                try {
                    while (!volatileStop) {
                        window0.acquire();
                        byte[] payload = encoder.encode("t0-dev-" + (i % 400 + 1), i / 400 + 1,
                                System.currentTimeMillis(), random);
                        publisher.publish(payload);
                        i += connections;
                    }
                } catch (Exception e) {
                    if (!volatileStop) {
                        e.printStackTrace();
                    }
                }
            }, "plain-loop-" + c);
            loop.start();
            loops.add(loop);
        }
        Thread.sleep(2_000);
        long from = acked.sum();
        long t0 = System.nanoTime();
        long[] cpu0 = cpuNanos();
        Thread.sleep(window.toMillis());
        long count = acked.sum() - from;
        double seconds = (System.nanoTime() - t0) / 1e9;
        lastCpuPerEvent = cpuPerEvent(cpu0, count);
        volatileStop = true;
        for (Thread t : loops) {
            t.interrupt();
            t.join(5_000);
        }
        for (PlainPublisher p : publishers) {
            p.close();
        }
        return count / seconds;
    }

    private static volatile boolean volatileStop;
    /** CPU µs per acknowledged event of the last throughput window: {this JVM, the broker}. */
    private static double[] lastCpuPerEvent = {0, 0};
    /** Events the fleet failed in the last throughput window (a full in-flight window: the broker fell behind). */
    private static long lastFleetFailures;

    /**
     * CPU used so far by this JVM (every thread) and by the broker (Mosquitto, a child process): what an event
     * costs does not depend on how much of the shared machine the other builds leave, unlike events per second.
     */
    private static long[] cpuNanos() {
        long broker = ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.contains("mosquitto")).orElse(false))
                .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        return new long[] {processCpuNanos(), broker};
    }

    private static double[] cpuPerEvent(long[] from, long events) {
        long[] to = cpuNanos();
        long n = Math.max(1, events);
        return new double[] {(to[0] - from[0]) / 1e3 / n, (to[1] - from[1]) / 1e3 / n};
    }
    /** Whether the scale runs time echoes through an in-JVM echo pipeline (mqtt.e2e); true by default. */
    private static boolean echoes = true;
    /** Scheduler threads of the scale runs ({@code -Dbench=scale-shared-N}); 1 by default. */
    private static int schedulerThreads = 1;

    /** A run clock whose t=0 is reset once the fleet has connected, so set-up does not count as send lag. */
    private static final class RestartableClock implements RunClock {
        private final java.time.Instant wall = java.time.Instant.now();
        private volatile long origin = System.nanoTime();

        void restart() {
            origin = System.nanoTime();
        }

        @Override
        public long nanos() {
            return System.nanoTime() - origin;
        }

        @Override
        public java.time.Instant wallClockAtZero() {
            return wall;
        }
    }

    // ------------------------------------------------------------------------------------------ accuracy

    /**
     * mqtt.publish p50 direct vs through a 20 ms one-way delay on the device link (expected +40 ms). A reference
     * client (Paho's blocking {@code MqttClient}, one publish at a time, timed around the call) runs alongside on the
     * same path, so the fleet's figure can be told apart from what the proxy and the loaded machine add.
     */
    private static void accuracy(MosquittoServer broker) throws Exception {
        System.out.println("## timing accuracy: 10 devices x 20 events/s (constant), QoS 1, 15 s each, per-device "
                + "connections, plus a blocking reference publisher at 20/s; direct, then through DelayProxy 20 ms each way");
        for (MqttClientKind client : MqttClientKind.values()) {
            accuracy(broker, client);
        }
    }

    private static void accuracy(MosquittoServer broker, MqttClientKind client) throws Exception {
        publishP50(URI.create(broker.url()), client); // warm-up: class loading and JIT, not counted
        double[] direct = publishP50(URI.create(broker.url()), client);
        double[] delayed;
        try (DelayProxy proxy = DelayProxy.start(broker.port(), Duration.ofMillis(20))) {
            delayed = publishP50(URI.create("tcp://" + proxy.host() + ":" + proxy.port()), client);
        }
        System.out.printf(Locale.ROOT, "RESULT accuracy " + client.label() + ": mqtt.publish p50 direct %.3f ms, delayed %.3f ms, added %.3f ms "
                + "(expected 40 ms, goal within +-2 ms); reference client p50 direct %.3f ms, delayed %.3f ms, added "
                + "%.3f ms; fleet minus reference through the delay %.3f ms%n", direct[0], delayed[0],
                delayed[0] - direct[0], direct[1], delayed[1], delayed[1] - direct[1], delayed[0] - delayed[1]);
    }

    /** {fleet p50, reference p50} in milliseconds. */
    private static double[] publishP50(URI broker, MqttClientKind client) throws Exception {
        FleetConfig config = FleetConfig.of(broker, devices(1, 10), constant(20, Duration.ofSeconds(1).toNanos()),
                Duration.ofSeconds(16)).withEndToEnd(false).withClient(client);
        SampleRecorder recorder = new SampleRecorder();
        RestartableClock clock = new RestartableClock();
        org.HdrHistogram.Histogram reference = new org.HdrHistogram.Histogram(3_600_000_000L, 3);
        org.eclipse.paho.client.mqttv3.MqttClient ref = new org.eclipse.paho.client.mqttv3.MqttClient(
                broker.toString(), "reference-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(new NoDelaySocketFactory());
        ref.connect(options);
        byte[] payload = new SiteWhereJsonEvents(EventMix.MEASUREMENTS_ONLY).encode("ref", 1, 0, new SplittableRandom(1));
        try (MqttDeviceFleet fleet = new MqttDeviceFleet(config, recorder, clock)) {
            fleet.connect();
            clock.restart();
            fleet.start();
            Thread.sleep(1_000);
            long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            long next = System.nanoTime();
            while (next < end) {
                long t0 = System.nanoTime();
                ref.publish("SiteWhere/ref/input/json", payload, 1, false);
                reference.recordValue((System.nanoTime() - t0) / 1000);
                next += 50_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
            }
            fleet.awaitLoadEnd(Duration.ofSeconds(30));
            FleetSummary summary = fleet.drain(Duration.ofSeconds(5));
            HlogSamples samples = HlogSamples.drain(recorder, clock);
            System.out.printf(Locale.ROOT, "  %s: %d acknowledged, p50 %.3f ms, p90 %.3f ms, p99 %.3f ms; reference "
                            + "p50 %.3f ms (%d publishes); %s%n", broker,
                    summary.acknowledged(), samples.percentileMillis("mqtt.publish", 50),
                    samples.percentileMillis("mqtt.publish", 90), samples.percentileMillis("mqtt.publish", 99),
                    reference.getValueAtPercentile(50) / 1000.0, reference.getTotalCount(), summary.health().describe());
            return new double[] {samples.percentileMillis("mqtt.publish", 50), reference.getValueAtPercentile(50) / 1000.0};
        } finally {
            ref.disconnect();
            ref.close();
        }
    }

    // ------------------------------------------------------------------------------------------ scale

    /** Many devices in this JVM at 1 event/s each, with echoes: heap after GC, threads, rates. */
    private static void scale(MosquittoServer broker, ConnectionMode mode, int count, int connectionsPerTenant,
                              MqttClientKind client) throws Exception {
        int tenants = 2;
        Duration run = Duration.ofSeconds(30);
        System.out.printf(Locale.ROOT, "## scale: %d devices (%d tenants), %s %s connections (%d per tenant in "
                + "shared mode), %d scheduler thread(s), 1 event/s each (Poisson), QoS 1, %s, %d s%n", count, tenants,
                mode.label(), client.label(), connectionsPerTenant, schedulerThreads,
                echoes ? "echoes through a one-client echo pipeline (QoS 0)" : "no echoes (publish path only)",
                run.toSeconds());
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        int threadsBefore = threads.getThreadCount();
        List<TenantDevices> devices = devices(tenants, count / tenants);
        Map<String, String> ids = new HashMap<>();
        devices.forEach(t -> t.devices().forEach(d -> ids.put(d.token(), d.deviceId())));
        IntendedStarts.PerDevice schedules = i -> {
            ArrivalSchedule s = ArrivalSchedule.forDevice(3, i, LoadProfile.of(constantRate(1)), Arrivals.POISSON);
            return () -> s.nextIntendedNanos() + Duration.ofSeconds(2).toNanos();
        };
        FleetConfig config = FleetConfig.of(URI.create(broker.url()), devices, schedules, run.plusSeconds(2));
        if (mode == ConnectionMode.SHARED) {
            config = config.withMode(ConnectionMode.SHARED, connectionsPerTenant);
        }
        config = config.withSchedulerThreads(schedulerThreads).withClient(client).withEndToEnd(echoes);
        SampleRecorder recorder = new SampleRecorder();
        long peakHeap = 0;
        int peakThreads = 0;
        long steadyHeapAfterGc;
        FleetSummary summary;
        HlogSamples samples;
        RestartableClock clock = new RestartableClock();
        long cpuBefore;
        long cpuDuringLoad;
        try (EchoPipeline echo = echoes ? new EchoPipeline(URI.create(broker.url()), ids, 0) : null) {
            long connectStart = System.nanoTime();
            try (MqttDeviceFleet fleet = new MqttDeviceFleet(config, recorder, clock)) {
                fleet.connect();
                double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
                clock.restart();
                cpuBefore = processCpuNanos();
                fleet.start();
                long deadline = System.nanoTime() + run.plusSeconds(2).toNanos();
                while (System.nanoTime() < deadline) {
                    Thread.sleep(500);
                    peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
                    peakThreads = Math.max(peakThreads, threads.getThreadCount());
                }
                cpuDuringLoad = processCpuNanos() - cpuBefore;
                System.gc();
                steadyHeapAfterGc = memory.getHeapMemoryUsage().getUsed();
                fleet.awaitLoadEnd(Duration.ofSeconds(10));
                summary = fleet.drain(Duration.ofSeconds(60));
                samples = HlogSamples.drain(recorder, clock);
                System.out.printf(Locale.ROOT, "  connect %.1f s; echo pipeline republished %d; %s%n", connectSeconds,
                        echo == null ? 0 : echo.echoed(), summary.describe());
            }
        }
        System.out.printf(Locale.ROOT, "RESULT scale %s %s %d devices: heap used after GC at load %d MiB (before fleet %d "
                        + "MiB), peak heap used %d MiB, threads %d (before %d, peak %d), %d published, %d acknowledged "
                        + "(%.0f/s), %d failed, %d unresolved after a 60 s drain, mqtt.publish p50 %.2f ms p99 %.2f ms, mqtt.e2e p50 %.2f ms p99 %.2f ms, "
                        + "e2e ko %d; this JVM's CPU %.1f µs per published event%n",
                mode.label(), client.label(), count, steadyHeapAfterGc >> 20, heapBefore >> 20, peakHeap >> 20, peakThreads,
                threadsBefore, peakThreads, summary.published(), summary.acknowledged(),
                summary.acknowledged() / (double) run.toSeconds(), summary.publishFailures(),
                summary.published() - summary.acknowledged() - summary.publishFailures(),
                samples.percentileMillis("mqtt.publish", 50), samples.percentileMillis("mqtt.publish", 99),
                samples.percentileMillis("mqtt.e2e", 50), samples.percentileMillis("mqtt.e2e", 99),
                samples.count("mqtt.e2e.ko"), cpuDuringLoad / 1000.0 / Math.max(1, summary.published()));
    }

    /** CPU time this JVM has used so far (every thread, GC included). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
