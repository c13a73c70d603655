package io.contmig.inject.kafka;

import io.contmig.sitewhere.EventSeq;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A consumer group of the tenant's decoded events, like SiteWhere's inbound processing: reads the topic at the site
 * the routing names, commits after each poll, counts every {@code (device, seq)} it sees (so re-reads after a
 * switch show up as duplicates). {@link #pauseAndCommit} commits and leaves the group; {@link #resume} joins the
 * group again at the site then serving the tenant, from the offsets committed there. One polling thread.
 */
final class TenantConsumer implements AutoCloseable {

    private final TenantRouting routing;
    private final String tenant;
    private final String topic;
    private final String group;
    private final Map<String, Integer> seen = new ConcurrentHashMap<>();
    private final AtomicLong records = new AtomicLong();
    private final Thread thread;
    private final Object lock = new Object();
    private volatile boolean running = true;
    private boolean pauseRequested;
    private boolean paused;

    TenantConsumer(TenantRouting routing, String tenant, String group) {
        this.routing = routing;
        this.tenant = tenant;
        this.topic = new TenantTopics(tenant, 10_000).decodedEvents();
        this.group = group;
        this.thread = new Thread(this::loop, "consumer-" + group);
        thread.setDaemon(true);
    }

    String tenant() {
        return tenant;
    }

    void start() {
        thread.start();
    }

    private KafkaConsumer<String, byte[]> open() {
        String site = routing.siteOf(tenant, Store.KAFKA);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, routing.endpoints(site, site).kafkaBootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        c.subscribe(List.of(topic));
        return c;
    }

    private void loop() {
        KafkaConsumer<String, byte[]> consumer = open();
        try {
            while (running) {
                synchronized (lock) {
                    if (pauseRequested && !paused) {
                        consumer.commitSync();
                        consumer.close();
                        consumer = null;
                        paused = true;
                        lock.notifyAll();
                    }
                    while (paused && running) {
                        lock.wait(100);
                    }
                    if (consumer == null && running) {
                        consumer = open();
                    }
                }
                if (consumer == null) {
                    break;
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    records.incrementAndGet();
                    long seq = EventSeq.ofDecodedEvent(r.value());
                    seen.merge(r.key() + "#" + seq, 1, Integer::sum);
                }
                consumer.commitSync();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (consumer != null) {
                consumer.close();
            }
        }
    }

    /** Commits the position and leaves the group; returns once done (the routing's block waits for it). */
    void pauseAndCommit() throws InterruptedException {
        synchronized (lock) {
            pauseRequested = true;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!paused) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("consumer " + group + " did not pause within 20 s");
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Rejoins the group at the site now serving the tenant. */
    void resume() {
        synchronized (lock) {
            pauseRequested = false;
            paused = false;
            lock.notifyAll();
        }
    }

    /** {@code device#seq} → times consumed. */
    Map<String, Integer> seen() {
        return Map.copyOf(seen);
    }

    long records() {
        return records.get();
    }

    /** Records consumed more than once. */
    long duplicates() {
        return seen.values().stream().mapToLong(n -> n - 1).sum();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        synchronized (lock) {
            lock.notifyAll();
        }
        thread.join(15_000);
    }
}
