package io.contmig.load.mqtt;

import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.sitewhere.SiteWhereNames;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;
import io.contmig.plan.MqttClientKind;
import org.eclipse.paho.client.mqttv3.MqttException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The simulated device fleet: N devices per tenant publish SiteWhere JSON events over MQTT at intended times from
 * their schedules (open model), and time them from the intended start:
 * <ul>
 *   <li>{@code mqtt.publish} — intended start → PUBACK (QoS 1);</li>
 *   <li>{@code mqtt.e2e} — intended start → the matching event on {@code SiteWhere/<tenant>/output/mqtt1},
 *       matched by (deviceId → device, {@code metadata.seq});</li>
 *   <li>{@code hop.<name>} — the sandbox pipeline's per-hop durations carried by the echo
 *       ({@link io.contmig.sitewhere.PipelineHops}), at the event's intended start;</li>
 * </ul>
 * failures as {@code .ko}, each also under {@code @<tenant>}. One scheduler thread (or a few, each owning a share
 * of the devices) drives the devices from a min-heap of next intended starts (no thread per device), waiting as its
 * {@link SchedulePacer} says (precise for a sparse schedule, batched for a dense one); it never waits for a
 * completion, so a stall shows up as latency. Acknowledged {@code (device, seq)} are kept in the {@link #ackLedger()} for the loss checker.
 *
 * <p>Lifecycle, from one controlling thread: {@link #connect()} (fails with a clear message before any load),
 * {@link #start()}, {@link #awaitLoadEnd(Duration)} or {@link #stop()}, {@link #drain(Duration)}, {@link #close()}.
 * {@link #summary()}, {@link #generatorHealth()} and the ledger are thread-safe and may be read at any time.
 * {@link #close()} is idempotent and also undoes a failed or partial {@link #connect()}.
 *
 * <p>The publishing connections are {@link MqttLink}s of the configured client library ({@link PahoLinks}: three
 * threads per connection; {@link HiveMqLinks}: one shared Netty event loop group, for per-device fleets of
 * thousands); the echo subscriber is one Paho connection. Echo matching is {@link EchoMatcher}'s, the ledger
 * {@link FleetAckLedger}'s, the scheduler's heap {@link DeviceHeap}'s. The class stays over 400 lines because what is left is one unit: the lifecycle and the
 * publish hot path ({@code fire}, its completion, local failures, drain) share the per-tenant operation ids, the
 * counters and the connections; splitting them would put that state behind an indirection on the publish path.
 */
public final class MqttDeviceFleet implements AutoCloseable {

    private final FleetConfig config;
    private final SampleRecorder recorder;
    private final RunClock clock;
    private final long wallZeroMillis;
    private final String clientIdPrefix = "cm" + UUID.randomUUID().toString().substring(0, 8);

    private final FleetDevice[] devices;
    private final String[] tenantNames;
    private final String[] inputTopics;
    private final int[] publishOps;
    private final int[] echoOps;
    private final Map<String, FleetDevice> byDeviceId = new HashMap<>();
    private final Map<String, FleetDevice> byToken = new HashMap<>();
    private final List<Map<String, FleetDevice>> tokensByTenant = new ArrayList<>();

    private final ScheduledExecutorService scheduler;
    private final List<MqttLink> connections = new ArrayList<>();
    private MqttLinks links;
    private FleetConnection echoConnection;

    /** Send lag per scheduler thread (index = shard): each written by its own thread only, no shared counters. */
    private volatile SingleWriterRecorder[] lagMicros = new SingleWriterRecorder[0];
    private final Histogram lagTotal = new Histogram(1, SampleRecorder.HIGHEST_TRACKABLE_MICROS, 3);

    private final LongAdder published = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    /**
     * Failures: events that could not leave (scheduler threads), and publishes the client failed (its threads).
     * What is still outstanding is derived ({@link #outstanding()}) rather than counted up and down on every event:
     * the scheduler and the client's threads then never write the same counter.
     */
    private final LongAdder localFailures = new LongAdder();
    private final LongAdder failedCompletions = new LongAdder();
    /** Completions that are neither a new acknowledgement nor a failure: QoS 0 publishes, duplicate PUBACKs. */
    private final LongAdder otherCompletions = new LongAdder();
    private final AtomicLong echoesTimedOut = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();

    private final EchoMatcher echoes;
    /** Told of each acknowledged publish; set before {@link #start()}. */
    private volatile AckObserver observer;
    private final AckLedger ledger;

    private volatile Thread[] schedulerThreads;
    private volatile boolean stopRequested;
    private volatile boolean closed;

    public MqttDeviceFleet(FleetConfig config, SampleRecorder recorder, RunClock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.wallZeroMillis = clock.wallClockAtZero().toEpochMilli();
        int tenantCount = config.tenants().size();
        tenantNames = new String[tenantCount];
        inputTopics = new String[tenantCount];
        publishOps = new int[tenantCount];
        echoOps = new int[tenantCount];
        devices = new FleetDevice[config.deviceCount()];
        int index = 0;
        for (int t = 0; t < tenantCount; t++) {
            TenantDevices tenant = config.tenants().get(t);
            tenantNames[t] = tenant.tenant();
            inputTopics[t] = SiteWhereNames.of(tenant.tenant()).mqttInputTopic();
            publishOps[t] = recorder.operation("mqtt.publish", tenant.tenant());
            echoOps[t] = recorder.operation("mqtt.e2e", tenant.tenant());
            Map<String, FleetDevice> tokens = new LinkedHashMap<>();
            for (DeviceIdentity id : tenant.devices()) {
                FleetDevice d = new FleetDevice(index, t, id.token(), id.deviceId(),
                        config.schedules().forDevice(index), mix(config.seed() ^ mix(index + 1)));
                devices[index++] = d;
                tokens.put(id.token(), d);
                byToken.putIfAbsent(id.token(), d);
                if (!id.deviceId().isEmpty()) {
                    byDeviceId.put(id.deviceId(), d);
                }
            }
            tokensByTenant.add(tokens);
        }
        echoes = new EchoMatcher(byDeviceId, byToken, echoOps, tenantNames, recorder, clock);
        ledger = new FleetAckLedger(tenantNames, tokensByTenant, acknowledged);
        scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread thread = new Thread(r, "contmig-fleet-timers");
            thread.setDaemon(true);
            return thread;
        });
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Opens every connection (and the echo subscriber when end-to-end timing is on) and waits until all are up.
     *
     * @throws FleetException naming the broker and the reason (refused, unreachable, timed out); nothing stays open
     */
    public void connect() throws FleetException {
        String broker = config.brokerUri().toString();
        try {
            if (config.endToEnd()) {
                String[] topics = new String[tenantNames.length];
                for (int t = 0; t < topics.length; t++) {
                    topics[t] = SiteWhereNames.of(tenantNames[t]).mqttOutputTopic();
                }
                echoConnection = new FleetConnection(broker, clientIdPrefix + "-echo", 1000, scheduler,
                        config.reconnectMin(), config.reconnectMax(), topics, echoes::onEcho, reconnects);
                FleetConnection.connectAll(List.of(echoConnection));
            }
            links = config.client() == MqttClientKind.HIVEMQ
                    ? new HiveMqLinks(config, reconnects, HiveMqLinks.DEFAULT_IO_THREADS)
                    : new PahoLinks(config, scheduler, reconnects);
            List<MqttLink> opened = new ArrayList<>();
            if (config.mode() == ConnectionMode.PER_DEVICE) {
                for (FleetDevice d : devices) {
                    d.connection = newPublisher(clientIdPrefix + "-" + d.token);
                    opened.add(d.connection);
                }
            } else {
                int k = config.connectionsPerTenant();
                MqttLink[][] perTenant = new MqttLink[tenantNames.length][k];
                for (int t = 0; t < tenantNames.length; t++) {
                    for (int c = 0; c < k; c++) {
                        perTenant[t][c] = newPublisher(clientIdPrefix + "-" + tenantNames[t] + "-" + c);
                        opened.add(perTenant[t][c]);
                    }
                }
                int[] seen = new int[tenantNames.length];
                for (FleetDevice d : devices) {
                    d.connection = perTenant[d.tenantIndex][seen[d.tenantIndex]++ % k];
                }
            }
            links.connectAll(opened);
        } catch (MqttException e) {
            close();
            throw PahoLinks.cannotConnect(config, e);
        } catch (FleetException e) {
            close();
            throw e;
        }
    }

    private MqttLink newPublisher(String clientId) throws FleetException {
        MqttLink c = links.open(clientId);
        synchronized (connections) {
            connections.add(c);
        }
        return c;
    }

    /** Tells {@code ackObserver} of every acknowledged publish from now on (call before {@link #start()}). */
    public void observeAcknowledged(AckObserver ackObserver) {
        this.observer = ackObserver;
    }

    /** Starts the scheduler thread(s); returns at once. */
    public void start() {
        if (schedulerThreads != null) {
            throw new IllegalStateException("the fleet was already started");
        }
        int count = config.schedulerThreads();
        SingleWriterRecorder[] lags = new SingleWriterRecorder[count];
        for (int s = 0; s < count; s++) {
            lags[s] = new SingleWriterRecorder(1, SampleRecorder.HIGHEST_TRACKABLE_MICROS, 3);
        }
        lagMicros = lags;
        Thread[] threads = new Thread[count];
        for (int s = 0; s < count; s++) {
            int shard = s;
            threads[s] = new Thread(() -> runSchedule(shard, count), "contmig-fleet-scheduler-" + s);
            threads[s].setDaemon(true);
        }
        schedulerThreads = threads;
        for (Thread t : threads) {
            t.start();
        }
    }

    /** Waits until the scheduler has started its last event (or was stopped); true when it ended in time. */
    public boolean awaitLoadEnd(Duration timeout) throws InterruptedException {
        Thread[] threads = schedulerThreads;
        if (threads == null) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L));
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** Stops starting new events now; events in flight still complete. Idempotent. */
    public void stop() throws InterruptedException {
        stopRequested = true;
        Thread[] threads = schedulerThreads;
        if (threads != null) {
            for (Thread t : threads) {
                LockSupport.unpark(t);
            }
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }

    /** One scheduler: drives the devices whose index is {@code shard} modulo {@code shards}. */
    private void runSchedule(int shard, int shards) {
        SiteWhereJsonEvents events = new SiteWhereJsonEvents(config.mix());
        SingleWriterRecorder lag = lagMicros[shard];
        long until = config.loadUntil().toNanos();
        DeviceHeap heap = new DeviceHeap(devices.length / shards + 1);
        for (FleetDevice d : devices) {
            if (d.index % shards == shard) {
                d.nextIntendedNanos = d.starts.nextIntendedNanos();
                heap.add(d);
            }
        }
        SchedulePacer pacer = new SchedulePacer();
        while (!stopRequested && heap.size() > 0) {
            FleetDevice d = heap.top();
            long intended = d.nextIntendedNanos;
            if (intended >= until) {
                break;
            }
            long now = clock.nanos();
            long wait = intended - now;
            if (wait > 0) {
                // Ahead of the schedule: wait as the pacer says. Behind it: fire at once.
                long park = pacer.parkNanos(wait);
                if (park > 0) {
                    LockSupport.parkNanos(park);
                } else {
                    Thread.onSpinWait();
                }
                continue;
            }
            fire(d, intended, now, events, lag);
            pacer.fired(intended);
            d.nextIntendedNanos = d.starts.nextIntendedNanos();
            heap.topChanged();
        }
    }

    private void fire(FleetDevice d, long intended, long start, SiteWhereJsonEvents events, SingleWriterRecorder lag) {
        lag.recordValue(Math.min(SampleRecorder.HIGHEST_TRACKABLE_MICROS, Math.max(0, (start - intended) / 1000)));
        int t = d.tenantIndex;
        MqttLink connection = d.connection;
        if (!connection.isConnected() || !connection.window().tryAcquire()) {
            // The reconnect gap (or a full in-flight window): the event was due but cannot leave; it counts as a
            // failure of both operations.
            failLocally(t, intended, start);
            return;
        }
        long seq = d.lastSeq + 1;
        long eventDate = d.nextEventDateMillis(wallZeroMillis + intended / 1_000_000L);
        byte[] payload = events.encode(d.token, seq, eventDate, d.values);
        if (config.endToEnd()) {
            d.expectEcho(seq, intended);
        }
        PendingPublish pending = new PendingPublish(d, seq, intended, start, events.lastKind(), eventDate);
        if (!connection.publish(inputTopics[t], payload, config.qos(), pending)) {
            connection.window().release();
            // Nothing left the client: give the seq back so stores see a dense sequence.
            if (config.endToEnd()) {
                d.resolveEcho(seq);
            }
            failLocally(t, intended, start);
            return;
        }
        d.lastSeq = seq;
        d.sent(seq);
        published.increment();
    }

    private void failLocally(int tenant, long intended, long start) {
        long now = clock.nanos();
        localFailures.increment();
        recorder.record(publishOps[tenant], intended, start, now, false);
        if (config.endToEnd()) {
            recorder.record(echoOps[tenant], intended, start, now, false);
        }
    }

    /** Completion of one publish: its PUBACK (QoS 1), or the failure the client reports. */
    private final class PendingPublish implements PublishCompletion {
        private final FleetDevice device;
        private final long seq;
        private final long intended;
        private final long start;
        private final String kind;
        private final long eventDateMillis;

        PendingPublish(FleetDevice device, long seq, long intended, long start, String kind, long eventDateMillis) {
            this.device = device;
            this.seq = seq;
            this.intended = intended;
            this.start = start;
            this.kind = kind;
            this.eventDateMillis = eventDateMillis;
        }

        @Override
        public void acknowledged() {
            long end = clock.nanos();
            device.connection.window().release();
            recorder.record(publishOps[device.tenantIndex], intended, start, end, true);
            if (config.qos() > 0 && device.acknowledge(seq)) {
                acknowledged.increment();
                AckObserver o = observer;
                if (o != null) {
                    o.acknowledged(tenantNames[device.tenantIndex], device.token, seq, kind, intended,
                            eventDateMillis);
                }
            } else {
                otherCompletions.increment();
            }
        }

        @Override
        public void failed(Throwable cause) {
            long end = clock.nanos();
            device.connection.window().release();
            recorder.record(publishOps[device.tenantIndex], intended, start, end, false);
            failedCompletions.increment();
            // The echo stays pending: the broker may have taken the event before the connection broke.
        }
    }

    /**
     * After the load: waits up to {@code timeout} for outstanding PUBACKs and echoes, then records every echo still
     * missing as an {@code mqtt.e2e.ko} sample (timed to now) and returns the summary.
     */
    public FleetSummary drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && (outstanding() > 0 || pendingEchoes() > 0)) {
            Thread.sleep(20); // polling real counters with a deadline; completions arrive on the client's threads
        }
        if (config.endToEnd()) {
            long now = clock.nanos();
            for (FleetDevice d : devices) {
                int op = echoOps[d.tenantIndex];
                d.abandonEchoes(intended -> {
                    recorder.record(op, intended, intended, now, false);
                    echoesTimedOut.incrementAndGet();
                });
            }
        }
        return summary();
    }

    /**
     * Publishes handed to the client and not completed yet. Exact once the schedulers have stopped; while they run
     * it may lag (a completion can be counted before its publish).
     */
    private long outstanding() {
        return published.sum() - acknowledged.sum() - otherCompletions.sum() - failedCompletions.sum();
    }

    private long pendingEchoes() {
        if (!config.endToEnd()) {
            return 0;
        }
        long pending = 0;
        for (FleetDevice d : devices) {
            pending += d.pendingEchoes();
        }
        return pending;
    }

    /** Send lag behind the intended starts so far. Thread-safe. */
    public GeneratorHealth generatorHealth() {
        synchronized (lagTotal) {
            for (SingleWriterRecorder lag : lagMicros) {
                lagTotal.add(lag.getIntervalHistogram());
            }
            long n = lagTotal.getTotalCount();
            return new GeneratorHealth(n,
                    Duration.ofNanos(n == 0 ? 0 : lagTotal.getValueAtPercentile(50) * 1000),
                    Duration.ofNanos(n == 0 ? 0 : lagTotal.getValueAtPercentile(99) * 1000),
                    Duration.ofNanos(n == 0 ? 0 : lagTotal.getMaxValue() * 1000));
        }
    }

    /** Counts so far. Thread-safe. */
    public FleetSummary summary() {
        int connectionCount;
        synchronized (connections) {
            connectionCount = connections.size();
        }
        return new FleetSummary(config.mode(), config.client(), tenantNames.length, devices.length, connectionCount,
                published.sum(), acknowledged.sum(), localFailures.sum() + failedCompletions.sum(), echoes.matched(), echoesTimedOut.get(),
                echoes.unmatched(), reconnects.get(), generatorHealth());
    }

    /** The acknowledged {@code (device, seq)} set; readable during and after the run. */
    public AckLedger ackLedger() {
        return ledger;
    }

    /** Stops the load if running, disconnects every client cleanly and frees the clients' threads. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopRequested = true;
        Thread[] threads = schedulerThreads;
        if (threads != null) {
            for (Thread t : threads) {
                LockSupport.unpark(t);
            }
            try {
                for (Thread t : threads) {
                    t.join(10_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<MqttLink> all;
        synchronized (connections) {
            all = new ArrayList<>(connections);
        }
        if (links != null) {
            links.closeAll(all);
        }
        if (echoConnection != null) {
            echoConnection.close(Duration.ofMillis(500));
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
