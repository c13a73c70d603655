package io.contmig.sandbox.pipeline;

import io.contmig.target.WriteBlockedException;
import io.contmig.target.WriteGate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One tenant's Kafka producer, shared by its pipeline stage and the REST API, whose cluster can be swapped while
 * writers use it: {@link #moveTo} opens a producer on the new cluster, makes it current, and on a thread of its own
 * waits until every write leased on the old one has finished, then closes the old one (swap, drain, close). A write is never handed a
 * closed producer, whatever switch (Kafka, placement) happens under it.
 *
 * <p>Writes pass the tenant's Kafka {@link WriteGate} first and take their producer only after the gate admitted
 * them, so a writer held by a block never holds a producer: a swap during a block drains at once.
 * {@link #sendAll} waits until Kafka acknowledged every record ({@code acks=all}); {@link #sendAsync} returns at
 * once and holds the gate until the last acknowledgement arrived — either way a {@code blockWrites} only returns
 * once nothing is in flight; on any failure the whole batch must be retried by the caller (at-least-once).
 *
 * <p>Thread-safe. {@link #moveTo} and {@link #close} are serialised by the caller ({@link TenantPipeline}'s lock).
 */
final class GatedProducer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatedProducer.class);
    /** How long a swap waits for writes on the old producer before closing it anyway. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final WriteGate gate;
    private final Function<String, KafkaProducer<String, byte[]>> opener;
    private volatile Held current;

    /** A producer gated by {@code gate}; {@code opener} opens a Kafka producer for a bootstrap address. */
    GatedProducer(WriteGate gate, Function<String, KafkaProducer<String, byte[]>> opener) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    WriteGate gate() {
        return gate;
    }

    /**
     * Makes a producer on {@code bootstrap} current (nothing when it already is); the previous one is drained and
     * closed in the background. Writes leased before the swap finish on the old producer; later ones use the new one.
     */
    void moveTo(String bootstrap) {
        Held old = current;
        if (old != null && old.bootstrap.equals(bootstrap)) {
            return;
        }
        current = new Held(bootstrap, opener.apply(bootstrap));
        if (old != null) {
            // Drained and closed on a thread of its own: new writes already take the new producer, and a switch
            // (which holds the tenant's writes meanwhile) need not wait for the old one's I/O thread to end.
            Thread retiring = new Thread(old::retire, "kafka-producer-retire-" + old.bootstrap);
            retiring.setDaemon(true);
            retiring.start();
        }
    }

    /**
     * Leases the current producer for one asynchronous write, which must already have passed the gate; the lease
     * is closed (once) when the write completed. Throws {@link IllegalStateException} before {@link #moveTo}.
     */
    Lease lease() {
        while (true) {
            Held held = current;
            if (held == null) {
                throw new IllegalStateException("the tenant's Kafka producer is not started");
            }
            if (held.acquire()) {
                return new Lease(held);
            }
            // Retired between the read and the acquire: the next read sees its successor.
        }
    }

    /** Sends {@code records} through the gate and waits for Kafka's acknowledgement of all of them. */
    void sendAll(List<ProducerRecord<String, byte[]>> records)
            throws WriteBlockedException, InterruptedException, ExecutionException {
        sendAsync(records).await();
    }

    /**
     * Passes the gate, sends {@code records} and returns without waiting for their acknowledgements; the gate and
     * the producer lease are held until the last of them arrived, so a {@code blockWrites} still waits for these
     * writes. {@link Sent#await} waits for all of them and throws the first failure. A send that throws at once
     * (closed producer, record too large) is thrown here, after the records already sent are left to complete.
     */
    Sent sendAsync(List<ProducerRecord<String, byte[]>> records) throws WriteBlockedException, InterruptedException {
        if (records.isEmpty()) {
            return new Sent(List.of());
        }
        gate.enter();
        Lease lease;
        try {
            lease = lease();
        } catch (RuntimeException e) {
            gate.exit();
            throw e;
        }
        // One count per record plus one for this method: the last to finish releases the lease and the gate.
        AtomicInteger unfinished = new AtomicInteger(records.size() + 1);
        Runnable finished = () -> {
            if (unfinished.decrementAndGet() == 0) {
                lease.close();
                gate.exit();
            }
        };
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        try {
            for (ProducerRecord<String, byte[]> record : records) {
                sent.add(lease.producer().send(record, (metadata, error) -> finished.run()));
            }
        } finally {
            // Records never handed to the producer get no callback: count them as finished here.
            unfinished.addAndGet(-(records.size() - sent.size()));
            finished.run();
        }
        return new Sent(sent);
    }

    /** The acknowledgements of one {@link #sendAsync}. Not thread-safe. */
    record Sent(List<Future<RecordMetadata>> acks) {

        /** Waits for every acknowledgement; throws the first failure. */
        void await() throws InterruptedException, ExecutionException {
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
    }

    /** Flushes the current producer (sends buffered records and waits for them). */
    void flush() {
        Held held = current;
        if (held != null) {
            held.producer.flush();
        }
    }

    @Override
    public void close() {
        Held held = current;
        current = null;
        if (held != null) {
            held.retire();
        }
    }

    /** A producer leased for one write; closing it (once) lets a swap close the producer. */
    static final class Lease implements AutoCloseable {
        private final Held held;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Lease(Held held) {
            this.held = held;
        }

        KafkaProducer<String, byte[]> producer() {
            return held.producer;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                held.release();
            }
        }
    }

    /** One Kafka producer and the count of writes leased on it (monitor). */
    private static final class Held {
        private final String bootstrap;
        private final KafkaProducer<String, byte[]> producer;
        private int leases;
        private boolean retired;

        Held(String bootstrap, KafkaProducer<String, byte[]> producer) {
            this.bootstrap = bootstrap;
            this.producer = producer;
        }

        synchronized boolean acquire() {
            if (retired) {
                return false;
            }
            leases++;
            return true;
        }

        synchronized void release() {
            leases--;
            notifyAll();
        }

        /** Refuses new leases, waits for the running ones (bounded), then closes the producer. */
        void retire() {
            synchronized (this) {
                retired = true;
                long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
                try {
                    while (leases > 0 && System.nanoTime() < deadline) {
                        wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (leases > 0) {
                    LOG.warn("kafka {}: {} write(s) still in flight after {} ms; closing their producer",
                            bootstrap, leases, DRAIN_TIMEOUT.toMillis());
                }
            }
            producer.close(Duration.ofSeconds(10));
        }
    }
}
