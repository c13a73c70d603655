package io.contmig.load.iotlab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.load.mqtt.NoDelaySocketFactory;
import io.contmig.record.RunClock;
import io.contmig.sitewhere.SiteWhereNames;
import io.contmig.record.SampleRecorder;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.UUID;
import java.util.function.LongConsumer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Forwards real devices' serial output (FIT IoT-LAB's {@code serial_aggregator} lines) to the platform as SiteWhere
 * MQTT JSON measurements on {@code SiteWhere/<tenant>/input/json}: node → device token by a given map, one event per
 * reading, a per-device {@code metadata.seq}, {@code eventDate} = the frontend's timestamp, and metadata
 * {@code source=iotlab-real} (or {@code iotlab-replay}), {@code node}, {@code frontendTs}, {@code recvTs}.
 *
 * <p>Each line is stamped on receipt (run clock) before it is parsed; the publish is timed from that stamp as
 * {@code iotlab.publish} (per tenant), kept apart from simulated devices' {@code mqtt.publish}: the MQTT session is
 * the harness's, only content and timing come from the devices. Bad lines are counted, never fatal.
 *
 * <p>{@link #run} reads on the calling thread until the source ends or {@link #stop()}; not reentrant. What the broker
 * acknowledged ({@link #acknowledged()}, {@link #forEachAcknowledged}) may be read from any thread, also after
 * {@link #close()}: it is what the stores must hold.
 */
public final class SerialBridge implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EXAMPLES = 10;

    private final String tenant;
    private final Map<String, String> tokenByNode;
    private final PayloadMapper mapper;
    private final SampleRecorder recorder;
    private final RunClock clock;
    private final MqttAsyncClient client;
    private final String topic;
    private final int publishOp;
    private final Map<String, Long> seqByToken = new HashMap<>();
    private final LongAdder acknowledged = new LongAdder();
    private final Map<String, NavigableSet<Long>> acknowledgedSeqs = new ConcurrentHashMap<>();
    private final LongAdder failed = new LongAdder();
    private final LongAdder outstanding = new LongAdder();
    private volatile boolean stopped;

    /**
     * Connects to the broker now.
     *
     * @param tokenByNode short node id (e.g. {@code m3-7}) → device token
     * @throws MqttException when the broker cannot be reached
     */
    public SerialBridge(URI broker, String tenant, Map<String, String> tokenByNode, PayloadMapper mapper,
                        SampleRecorder recorder, RunClock clock) throws MqttException {
        this.tenant = Objects.requireNonNull(tenant, "tenant");
        this.tokenByNode = Map.copyOf(tokenByNode);
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.topic = SiteWhereNames.of(tenant).mqttInputTopic();
        this.publishOp = recorder.operation("iotlab.publish", tenant);
        this.client = new MqttAsyncClient(broker.toString(), "contmig-iotlab-" + UUID.randomUUID().toString().substring(0, 8),
                new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setMaxInflight(1000);
        options.setAutomaticReconnect(true);
        options.setSocketFactory(new NoDelaySocketFactory());
        client.connect(options).waitForCompletion(10_000);
    }

    /** Reads {@code source} to its end (or {@link #stop()}), waits up to {@code drain} for PUBACKs, and reports. */
    public BridgeReport run(SerialLineSource source, Duration drain) throws IOException, InterruptedException {
        long wallZero = clock.wallClockAtZero().toEpochMilli();
        String origin = source.replay() ? "iotlab-replay" : "iotlab-real";
        long lines = 0, data = 0, control = 0, malformed = 0, ignored = 0, unknown = 0;
        AtomicLong published = new AtomicLong();
        List<String> examples = new ArrayList<>();
        try (BufferedReader in = source.reader()) {
            String line;
            while (!stopped && (line = readLine(in)) != null) {
                long received = clock.nanos(); // stamped before parsing: the leg testbed → harness ends here
                lines++;
                AggregatorLine parsed = AggregatorLine.parse(line);
                if (parsed instanceof AggregatorLine.Malformed bad) {
                    malformed++;
                    if (examples.size() < EXAMPLES) {
                        examples.add("line " + lines + ": " + bad.reason() + ": " + abbreviate(line));
                    }
                    continue;
                }
                if (parsed instanceof AggregatorLine.Control) {
                    control++;
                    continue;
                }
                AggregatorLine.Data d = (AggregatorLine.Data) parsed;
                data++;
                String token = tokenByNode.get(d.node());
                if (token == null) {
                    unknown++;
                    continue;
                }
                List<PayloadMapper.Reading> readings = mapper.map(d.payload());
                if (readings.isEmpty()) {
                    ignored++;
                    continue;
                }
                long recvMs = wallZero + received / 1_000_000L;
                for (PayloadMapper.Reading r : readings) {
                    publish(token, r, d, recvMs, received, origin);
                    published.incrementAndGet();
                }
            }
        }
        long deadline = System.nanoTime() + drain.toNanos();
        while (outstanding.sum() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10); // PUBACKs arrive on Paho's thread; poll the counter with a deadline
        }
        return new BridgeReport(source.description(), source.replay(), lines, data, control, malformed, ignored,
                unknown, published.get(), acknowledged.sum(), failed.sum(), examples, source.failure());
    }

    /** The next line; null at the end, also when {@link #stop()} closed a live stream under a blocked read. */
    private String readLine(BufferedReader in) throws IOException {
        try {
            return in.readLine();
        } catch (IOException e) {
            if (stopped) {
                return null;
            }
            throw e;
        }
    }

    private void publish(String token, PayloadMapper.Reading reading, AggregatorLine.Data line, long recvMs,
                         long receivedNanos, String origin) {
        long seq = seqByToken.merge(token, 1L, Long::sum);
        ObjectNode event = JSON.createObjectNode();
        event.put("deviceToken", token);
        event.put("type", "DeviceMeasurement");
        ObjectNode request = event.putObject("request");
        request.put("name", reading.name());
        request.put("value", reading.value());
        request.put("eventDate", Math.round(line.frontendEpochSeconds() * 1000));
        ObjectNode metadata = request.putObject("metadata");
        metadata.put(SiteWhereNames.SEQ_METADATA_KEY, Long.toString(seq));
        metadata.put("source", origin);
        metadata.put("node", line.node());
        metadata.put("frontendTs", Double.toString(line.frontendEpochSeconds()));
        metadata.put("recvTs", Long.toString(recvMs));
        byte[] payload = event.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        outstanding.increment();
        try {
            client.publish(topic, payload, 1, false, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken t) {
                    recorder.record(publishOp, receivedNanos, receivedNanos, clock.nanos(), true);
                    acknowledgedSeqs.computeIfAbsent(token, k -> new ConcurrentSkipListSet<>()).add(seq);
                    acknowledged.increment();
                    outstanding.decrement();
                }

                @Override
                public void onFailure(IMqttToken t, Throwable e) {
                    recorder.record(publishOp, receivedNanos, receivedNanos, clock.nanos(), false);
                    failed.increment();
                    outstanding.decrement();
                }
            });
        } catch (MqttException e) {
            outstanding.decrement();
            failed.increment();
            recorder.record(publishOp, receivedNanos, receivedNanos, clock.nanos(), false);
        }
    }

    private static String abbreviate(String line) {
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }

    /** Events the broker acknowledged so far. Thread-safe. */
    public long acknowledged() {
        return acknowledged.sum();
    }

    /** The device tokens with at least one acknowledged event. Thread-safe. */
    public List<String> acknowledgedDevices() {
        return List.copyOf(acknowledgedSeqs.keySet());
    }

    /** Calls {@code action} with each acknowledged seq of {@code token}, in increasing order. Thread-safe. */
    public void forEachAcknowledged(String token, LongConsumer action) {
        acknowledgedSeqs.getOrDefault(token, Collections.emptyNavigableSet()).forEach(action::accept);
    }

    /**
     * Ends {@link #run} after the current line; a caller whose source blocks in a read (tcp, ssh) then closes the
     * source, and {@link #run} returns its report normally.
     */
    public void stop() {
        stopped = true;
    }

    /** Disconnects from the broker. Idempotent. */
    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(500).waitForCompletion(3_000);
            }
            client.close(true);
        } catch (MqttException e) {
            // Closing anyway; nothing else holds the client.
        }
    }
}
