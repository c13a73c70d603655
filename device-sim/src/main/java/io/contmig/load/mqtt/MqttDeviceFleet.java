package io.contmig.load.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.sitewhere.SiteWhereNames;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
import java.util.function.LongConsumer;

/**
 * The simulated device fleet: N devices per tenant publish SiteWhere JSON events over MQTT (Eclipse Paho v3) at
 * intended times from their schedules (open model), and time them from the intended start:
 * <ul>
 *   <li>{@code mqtt.publish} — intended start → PUBACK (QoS 1);</li>
 *   <li>{@code mqtt.e2e} — intended start → the matching event on {@code SiteWhere/<tenant>/output/mqtt1},
 *       matched by (deviceId → device, {@code metadata.seq});</li>
 * </ul>
 * failures as {@code .ko}, each also under {@code @<tenant>}. One scheduler thread (or a few, each owning a share
 * of the devices) drives the devices from a min-heap of next intended starts (no thread per device); it never waits
 * for a completion, so a stall shows up as latency. Acknowledged {@code (device, seq)} are kept in the {@link #ackLedger()} for the loss checker.
 *
 * <p>Lifecycle, from one controlling thread: {@link #connect()} (fails with a clear message before any load),
 * {@link #start()}, {@link #awaitLoadEnd(Duration)} or {@link #stop()}, {@link #drain(Duration)}, {@link #close()}.
 * {@link #summary()}, {@link #generatorHealth()} and the ledger are thread-safe and may be read at any time.
 * {@link #close()} is idempotent and also undoes a failed or partial {@link #connect()}.
 */
public final class MqttDeviceFleet implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SPIN_BELOW_NANOS = 100_000;

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
    private final List<FleetConnection> connections = new ArrayList<>();
    private FleetConnection echoConnection;

    private final Recorder lagMicros = new Recorder(1, SampleRecorder.HIGHEST_TRACKABLE_MICROS, 3);
    private final Histogram lagTotal = new Histogram(1, SampleRecorder.HIGHEST_TRACKABLE_MICROS, 3);

    private final LongAdder published = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder outstanding = new LongAdder();
    private final LongAdder echoesMatched = new LongAdder();
    private final LongAdder echoesUnmatched = new LongAdder();
    private final AtomicLong echoesTimedOut = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();

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
                        config.reconnectMin(), config.reconnectMax(), topics, this::onEcho, reconnects);
                connectAll(List.of(echoConnection));
            }
            List<FleetConnection> opened = new ArrayList<>();
            if (config.mode() == ConnectionMode.PER_DEVICE) {
                for (FleetDevice d : devices) {
                    d.connection = newPublisher(clientIdPrefix + "-" + d.token);
                    opened.add(d.connection);
                }
            } else {
                int k = config.connectionsPerTenant();
                FleetConnection[][] perTenant = new FleetConnection[tenantNames.length][k];
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
            connectAll(opened);
        } catch (MqttException e) {
            close();
            throw new FleetException("MQTT broker " + broker + ": cannot connect: " + reason(e), e);
        }
    }

    private FleetConnection newPublisher(String clientId) throws MqttException {
        FleetConnection c = new FleetConnection(config.brokerUri().toString(), clientId, config.maxInflight(),
                scheduler, config.reconnectMin(), config.reconnectMax(), new String[0], (t, m) -> { }, reconnects);
        synchronized (connections) {
            connections.add(c);
        }
        return c;
    }

    /** Connects in windows of 256 concurrent attempts, so a large per-device fleet does not flood the broker. */
    private void connectAll(List<FleetConnection> list) throws MqttException {
        int window = 256;
        for (int from = 0; from < list.size(); from += window) {
            List<FleetConnection> batch = list.subList(from, Math.min(list.size(), from + window));
            List<IMqttToken> tokens = new ArrayList<>();
            for (FleetConnection c : batch) {
                tokens.add(c.connectAsync());
            }
            for (int i = 0; i < batch.size(); i++) {
                tokens.get(i).waitForCompletion(15_000);
                batch.get(i).afterFirstConnect(Duration.ofSeconds(15));
            }
        }
    }

    private static String reason(MqttException e) {
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        text.append(" (reason code ").append(e.getReasonCode()).append(')');
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            text.append(": ").append(c.getClass().getSimpleName()).append(' ').append(c.getMessage());
        }
        return text.toString();
    }

    /** Starts the scheduler thread(s); returns at once. */
    public void start() {
        if (schedulerThreads != null) {
            throw new IllegalStateException("the fleet was already started");
        }
        int count = config.schedulerThreads();
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
        long until = config.loadUntil().toNanos();
        DeviceHeap heap = new DeviceHeap(devices.length / shards + 1);
        for (FleetDevice d : devices) {
            if (d.index % shards == shard) {
                d.nextIntendedNanos = d.starts.nextIntendedNanos();
                heap.add(d);
            }
        }
        while (!stopRequested && heap.size() > 0) {
            FleetDevice d = heap.top();
            long intended = d.nextIntendedNanos;
            if (intended >= until) {
                break;
            }
            long wait = intended - clock.nanos();
            if (wait > 0) {
                if (wait > SPIN_BELOW_NANOS) {
                    LockSupport.parkNanos(wait - SPIN_BELOW_NANOS / 2);
                } else {
                    Thread.onSpinWait();
                }
                continue;
            }
            fire(d, intended, events);
            d.nextIntendedNanos = d.starts.nextIntendedNanos();
            heap.topChanged();
        }
    }

    private void fire(FleetDevice d, long intended, SiteWhereJsonEvents events) {
        long start = clock.nanos();
        lagMicros.recordValue(Math.min(SampleRecorder.HIGHEST_TRACKABLE_MICROS, Math.max(0, (start - intended) / 1000)));
        int t = d.tenantIndex;
        FleetConnection connection = d.connection;
        if (!connection.isConnected() || !connection.tryAcquire()) {
            // The reconnect gap (or a full in-flight window): the event was due but cannot leave; it counts as a
            // failure of both operations.
            failLocally(t, intended, start);
            return;
        }
        long seq = d.lastSeq + 1;
        byte[] payload = events.encode(d.token, seq, d.nextEventDateMillis(wallZeroMillis + intended / 1_000_000L), d.values);
        if (config.endToEnd()) {
            d.expectEcho(seq, intended);
        }
        PendingPublish pending = new PendingPublish(d, seq, intended, start);
        outstanding.increment();
        try {
            connection.publish(inputTopics[t], payload, config.qos(), pending);
        } catch (MqttException e) {
            outstanding.decrement();
            connection.release();
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
        failures.increment();
        recorder.record(publishOps[tenant], intended, start, now, false);
        if (config.endToEnd()) {
            recorder.record(echoOps[tenant], intended, start, now, false);
        }
    }

    /** Completion of one publish: its PUBACK (QoS 1), or the failure Paho reports. One allocation per publish. */
    private final class PendingPublish implements IMqttActionListener {
        private final FleetDevice device;
        private final long seq;
        private final long intended;
        private final long start;

        PendingPublish(FleetDevice device, long seq, long intended, long start) {
            this.device = device;
            this.seq = seq;
            this.intended = intended;
            this.start = start;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            long end = clock.nanos();
            device.connection.release();
            recorder.record(publishOps[device.tenantIndex], intended, start, end, true);
            if (config.qos() > 0 && device.acknowledge(seq)) {
                acknowledged.increment();
            }
            outstanding.decrement();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            long end = clock.nanos();
            device.connection.release();
            recorder.record(publishOps[device.tenantIndex], intended, start, end, false);
            failures.increment();
            outstanding.decrement();
            // The echo stays pending: the broker may have taken the event before the connection broke.
        }
    }

    private void onEcho(String topic, MqttMessage message) {
        long now = clock.nanos();
        FleetDevice d;
        long seq;
        try {
            JsonNode event = JSON.readTree(message.getPayload());
            JsonNode seqNode = event.path("metadata").path(SiteWhereNames.SEQ_METADATA_KEY);
            seq = seqNode.isTextual() ? Long.parseLong(seqNode.textValue()) : seqNode.asLong(-1);
            d = byDeviceId.get(event.path("deviceId").asText(""));
            if (d == null) {
                d = byToken.get(event.path("deviceToken").asText(""));
            }
        } catch (IOException | NumberFormatException e) {
            echoesUnmatched.increment();
            return;
        }
        if (d == null || seq < 1) {
            echoesUnmatched.increment();
            return;
        }
        long intended = d.resolveEcho(seq);
        if (intended == Long.MIN_VALUE) {
            echoesUnmatched.increment();
            return;
        }
        echoesMatched.increment();
        recorder.record(echoOps[d.tenantIndex], intended, intended, now, true);
    }

    /**
     * After the load: waits up to {@code timeout} for outstanding PUBACKs and echoes, then records every echo still
     * missing as an {@code mqtt.e2e.ko} sample (timed to now) and returns the summary.
     */
    public FleetSummary drain(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && (outstanding.sum() > 0 || pendingEchoes() > 0)) {
            Thread.sleep(20); // polling real counters with a deadline; completions arrive on Paho's threads
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
            lagTotal.add(lagMicros.getIntervalHistogram());
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
        return new FleetSummary(config.mode(), tenantNames.length, devices.length, connectionCount,
                published.sum(), acknowledged.sum(), failures.sum(), echoesMatched.sum(), echoesTimedOut.get(),
                echoesUnmatched.sum(), reconnects.get(), generatorHealth());
    }

    /** The acknowledged {@code (device, seq)} set; readable during and after the run. */
    public AckLedger ackLedger() {
        return ledger;
    }

    private final AckLedger ledger = new AckLedger() {
        @Override
        public List<String> tenants() {
            return List.of(tenantNames);
        }

        @Override
        public Map<String, String> deviceIds(String tenant) {
            Map<String, String> ids = new LinkedHashMap<>();
            devicesOf(tenant).forEach((token, d) -> ids.put(token, d.deviceId));
            return Collections.unmodifiableMap(ids);
        }

        @Override
        public void forEachAcknowledged(String tenant, String deviceToken, LongConsumer action) {
            FleetDevice d = devicesOf(tenant).get(deviceToken);
            if (d != null) {
                d.forEachAcknowledged(action);
            }
        }

        @Override
        public boolean isAcknowledged(String tenant, String deviceToken, long seq) {
            FleetDevice d = devicesOf(tenant).get(deviceToken);
            return d != null && d.isAcknowledged(seq);
        }

        @Override
        public long acknowledgedCount(String tenant, String deviceToken) {
            FleetDevice d = devicesOf(tenant).get(deviceToken);
            return d == null ? 0 : d.acknowledgedCount();
        }

        @Override
        public long highestSent(String tenant, String deviceToken) {
            FleetDevice d = devicesOf(tenant).get(deviceToken);
            return d == null ? 0 : d.highestSent();
        }

        @Override
        public long acknowledgedCount() {
            return acknowledged.sum();
        }

        private Map<String, FleetDevice> devicesOf(String tenant) {
            for (int t = 0; t < tenantNames.length; t++) {
                if (tenantNames[t].equals(tenant)) {
                    return tokensByTenant.get(t);
                }
            }
            throw new IllegalArgumentException("tenant '" + tenant + "' is not in the fleet (tenants: "
                    + String.join(", ", tenantNames) + ")");
        }
    };

    /** Stops the load if running, disconnects every client cleanly and frees Paho's threads. Idempotent. */
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
        List<FleetConnection> all;
        synchronized (connections) {
            all = new ArrayList<>(connections);
        }
        if (echoConnection != null) {
            all.add(echoConnection);
        }
        // Disconnect in parallel: a large per-device fleet would otherwise take minutes to close one by one.
        all.parallelStream().forEach(c -> c.close(Duration.ofMillis(500)));
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A binary min-heap of devices by next intended start; scheduler thread only, no allocation after creation. */
    private static final class DeviceHeap {
        private final FleetDevice[] items;
        private int size;

        DeviceHeap(int capacity) {
            items = new FleetDevice[Math.max(1, capacity)];
        }

        int size() {
            return size;
        }

        FleetDevice top() {
            return items[0];
        }

        void add(FleetDevice d) {
            int i = size++;
            items[i] = d;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (items[parent].nextIntendedNanos <= items[i].nextIntendedNanos) {
                    break;
                }
                swap(i, parent);
                i = parent;
            }
        }

        /** Restores order after the top's key grew. */
        void topChanged() {
            int i = 0;
            while (true) {
                int left = 2 * i + 1;
                if (left >= size) {
                    return;
                }
                int right = left + 1;
                int smallest = right < size && items[right].nextIntendedNanos < items[left].nextIntendedNanos ? right : left;
                if (items[i].nextIntendedNanos <= items[smallest].nextIntendedNanos) {
                    return;
                }
                swap(i, smallest);
                i = smallest;
            }
        }

        private void swap(int a, int b) {
            FleetDevice tmp = items[a];
            items[a] = items[b];
            items[b] = tmp;
        }
    }
}
