package io.contmig.inject.kafka;

import io.contmig.inject.SimpleTenantRouting;
import io.contmig.target.Store;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tests' concurrent producer of one tenant's events, like SiteWhere's event sources: each message takes a write
 * permit from the routing (so it waits during a block), goes to the serving site's cluster, and is remembered as
 * {@code device#seq} once acknowledged ({@code acks=all}). Every message goes to
 * {@code event-source-decoded-events} (key = device token, SiteWhere's decoded JSON); every fourth also to
 * {@code inbound-events}. Each paced message's latency from its intended send time (open model) to its
 * acknowledgement is kept ({@link #latencies}). One writer thread; counters thread-safe.
 */
final class KafkaLoadWriter implements AutoCloseable {

    private final SimpleTenantRouting routing;
    private final String tenant;
    private final TenantTopics topics;
    private final int devices;
    private final double messagesPerSecond;
    private final long[] seq;
    private final Map<String, KafkaProducer<String, String>> producers = new ConcurrentHashMap<>();
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final java.util.Queue<long[]> latencies = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final String clientSite;
    private final Thread thread;
    private volatile boolean running;
    private int nextDevice;

    KafkaLoadWriter(SimpleTenantRouting routing, String tenant, int devices, double messagesPerSecond) {
        this(routing, tenant, devices, messagesPerSecond, null);
    }

    /**
     * A writer running at {@code clientSite} (its producers reach the serving cluster as that site sees it, e.g.
     * through the WAN), or at the serving site itself when {@code clientSite} is null.
     */
    KafkaLoadWriter(SimpleTenantRouting routing, String tenant, int devices, double messagesPerSecond,
                    String clientSite) {
        this.clientSite = clientSite;
        this.routing = routing;
        this.tenant = tenant;
        this.topics = new TenantTopics(tenant, 10_000);
        this.devices = devices;
        this.messagesPerSecond = messagesPerSecond;
        this.seq = new long[devices];
        this.thread = new Thread(this::loop, "kafka-writer-" + tenant);
        thread.setDaemon(true);
    }

    private KafkaProducer<String, String> producer(String site) {
        return producers.computeIfAbsent(site, s -> {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, routing.endpoints(s, clientSite == null ? s : clientSite)
                    .kafkaBootstrap());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, 2);
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
            return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        });
    }

    void start() {
        running = true;
        thread.start();
    }

    /** Writes {@code n} messages as fast as acknowledged, before the load starts (history to move). */
    void preload(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            sendOne(-1);
        }
        for (KafkaProducer<String, String> p : producers.values()) {
            p.flush();
        }
    }

    private void loop() {
        long start = System.nanoTime();
        long done = 0;
        while (running) {
            long due = (long) ((System.nanoTime() - start) / 1e9 * messagesPerSecond) - done;
            if (due <= 0) {
                try {
                    Thread.sleep(2); // pacing of an open-loop producer
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            for (long i = 0; i < due && running; i++) {
                try {
                    sendOne(start + (long) (done * 1e9 / messagesPerSecond));
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                }
                done++;
            }
        }
    }

    /** Sends one message; {@code intendedNanos} its paced send time, -1 for preloaded history (not measured). */
    private void sendOne(long intendedNanos) throws InterruptedException {
        int d = nextDevice;
        nextDevice = (nextDevice + 1) % devices;
        long s = ++seq[d];
        String token = "dev-" + d;
        String value = String.format(Locale.ROOT, "{\"sourceId\":\"json\",\"deviceToken\":\"%s\",\"originator\":null,"
                + "\"type\":\"DeviceMeasurement\",\"request\":{\"name\":\"temp\",\"value\":%d.5,\"eventDate\":%d,"
                + "\"metadata\":{\"seq\":\"%d\"}}}", token, 20 + d, System.currentTimeMillis(), s);
        var permit = routing.beginWrite(tenant, Store.KAFKA);
        sent.incrementAndGet();
        try {
            KafkaProducer<String, String> producer = producer(permit.site());
            if (s % 4 == 0) {
                producer.send(new ProducerRecord<>(topics.prefix() + "inbound-events", token, value));
            }
            producer.send(new ProducerRecord<>(topics.decodedEvents(), token, value), (meta, error) -> {
                if (error == null) {
                    acked.add(token + "#" + s);
                    if (intendedNanos >= 0) {
                        latencies.add(new long[] {intendedNanos, System.nanoTime()});
                    }
                } else {
                    failed.incrementAndGet();
                }
                permit.close(); // the block waits for writes in flight: released once acknowledged
            });
        } catch (RuntimeException e) {
            permit.close();
            throw e;
        }
    }

    Set<String> acked() {
        return Set.copyOf(acked);
    }

    /** {@code {intendedNanos, ackNanos}} of every acknowledged paced message so far. */
    List<long[]> latencies() {
        return List.copyOf(latencies);
    }

    long failed() {
        return failed.get();
    }

    long sent() {
        return sent.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000);
        for (KafkaProducer<String, String> p : producers.values()) {
            p.close(java.time.Duration.ofSeconds(10));
        }
    }
}
