package io.contmig.sandbox.pipeline;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One Kafka consumer of a pipeline stage on its own thread: poll, {@link #process} the batch, and commit the
 * batch's offsets once what {@code process} started for it has completed (at-least-once: only records whose effects
 * are acknowledged are ever committed).
 *
 * <p>Why pipelined: {@code process} returns a future of what it started (Kafka or MQTT acknowledgements in flight)
 * instead of waiting, so the next batch is polled and processed while the previous one's acknowledgements arrive; up
 * to {@link #MAX_IN_FLIGHT} batches are in flight, committed in order as each completes. Commits are asynchronous
 * and made synchronous (after every batch in flight completed) wherever the committed offsets must be current:
 * before the loop confirms a {@link ConsumerPause} (a Kafka cutover reads the group's offsets then), when partitions
 * are revoked, and when the loop stops. Waiting per batch and committing synchronously put several round trips into
 * every event's latency at every stage (measured with {@code SandboxBench}). A lost asynchronous commit only has
 * records read again after a restart (duplicates, never losses).
 *
 * <p>A failed batch — {@code process} throws, or its completion fails — is recorded ({@code WRITE_FAILURES}); the
 * consumer seeks back to that batch's first records, forgets the batches after it (they are processed again:
 * duplicates, never losses) and retries after a short back-off. Honors the tenant's {@link ConsumerPause} between
 * batches. Not thread-safe except {@link #stop}.
 */
abstract class ConsumerLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);

    private final String name;
    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final ConsumerPause pause;
    private final PipelineStats stats;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private boolean pausedNow;

    ConsumerLoop(String name, KafkaConsumer<String, byte[]> consumer, String topic, ConsumerPause pause,
                 PipelineStats stats) {
        this.name = name;
        this.consumer = consumer;
        this.topic = topic;
        this.pause = pause;
        this.stats = stats;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    /** Batches whose completion may be outstanding at once. */
    static final int MAX_IN_FLIGHT = 4;

    /** One processed batch whose offsets wait for its completion. */
    private record InFlight(Map<TopicPartition, OffsetAndMetadata> after, Map<TopicPartition, Long> first,
                            int count, CompletableFuture<Void> done) {
    }

    /**
     * Handles one batch and returns what must still complete before its offsets are committed; throws to have it
     * retried (after a seek back).
     */
    protected abstract CompletableFuture<Void> process(ConsumerRecords<String, byte[]> records)
            throws Exception;

    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();

    /** Called on the loop thread when it ends (close stage-local resources). */
    protected void closed() {
    }

    void start() {
        thread.start();
    }

    String name() {
        return name;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    // Every polled batch is processed by now (revocation happens inside poll): make its commit sure.
                    commitProcessed();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    if (pausedNow) {
                        consumer.pause(partitions);
                    }
                }
            });
            while (running) {
                if (pause.requested()) {
                    if (!pausedNow) {
                        commitProcessed();
                        consumer.pause(consumer.assignment());
                        pausedNow = true;
                    }
                    pause.confirm(this);
                } else if (pausedNow) {
                    consumer.resume(consumer.paused());
                    pausedNow = false;
                }
                if (!commitCompleted(inFlight.size() >= MAX_IN_FLIGHT)) {
                    if (stopped.await(200, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                    continue;
                }
                // Short polls while acknowledgements are outstanding, so that their commit is not held back.
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(inFlight.isEmpty() ? 50 : 2));
                if (records.isEmpty()) {
                    continue;
                }
                InFlight batch = new InFlight(offsetsAfter(records), firstOffsets(records), records.count(), null);
                try {
                    inFlight.add(new InFlight(batch.after(), batch.first(), batch.count(), process(records)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed(batch, e);
                    break;
                } catch (Exception e) {
                    failed(batch, e);
                    if (stopped.await(200, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("{}: consumer loop died", name, e);
        } finally {
            try {
                commitProcessed();
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("{}: closing consumer: {}", name, e.toString());
            }
            closed();
        }
    }

    /**
     * Commits (asynchronously) the batches in flight that completed, oldest first, stopping at the first that has
     * not; with {@code waitForOldest}, waits for the oldest first. Returns false when a batch failed (it was rewound
     * and the caller backs off).
     */
    private boolean commitCompleted(boolean waitForOldest) throws InterruptedException {
        boolean wait = waitForOldest;
        while (!inFlight.isEmpty()) {
            InFlight oldest = inFlight.peek();
            try {
                if (wait) {
                    oldest.done().get(60, TimeUnit.SECONDS);
                } else if (!oldest.done().isDone()) {
                    return true;
                } else {
                    oldest.done().join();
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failed(oldest, e instanceof ExecutionException ? e.getCause() : e);
                return false;
            }
            wait = false;
            inFlight.poll();
            consumer.commitAsync(oldest.after(), (offsets, error) -> {
                if (error != null) {
                    LOG.debug("{}: asynchronous commit failed (a later commit covers it): {}", name, error.toString());
                }
            });
        }
        return true;
    }

    /**
     * Records the failure of {@code batch} and seeks every partition back to its first record not yet committed —
     * the earliest of {@code batch} and of every batch still in flight (whose outcome is not known yet: reading
     * them again makes duplicates, never losses) — and forgets the batches in flight.
     */
    private void failed(InFlight batch, Throwable e) {
        stats.add(PipelineStats.Counter.WRITE_FAILURES, 1);
        LOG.warn("{}: batch of {} failed, retrying: {}", name, batch.count(), String.valueOf(e));
        Map<TopicPartition, Long> earliest = new HashMap<>(batch.first());
        for (InFlight other : inFlight) {
            other.first().forEach((partition, offset) -> earliest.merge(partition, offset, Math::min));
        }
        inFlight.clear();
        earliest.forEach(consumer::seek);
    }

    /** Each partition's first offset in {@code records}. */
    private static Map<TopicPartition, Long> firstOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            first.put(partition, records.records(partition).get(0).offset());
        }
        return first;
    }

    /** The offsets that mark every record of {@code records} as processed. */
    private static Map<TopicPartition, OffsetAndMetadata> offsetsAfter(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> list = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /**
     * Commits, synchronously, the position of every assigned partition: everything polled so far has been processed
     * (a failed batch was rewound, so its records lie after the position). Failures are logged: the records are then
     * read again later (at-least-once).
     */
    private void commitProcessed() {
        try {
            while (!inFlight.isEmpty()) {
                commitCompleted(true);
            }
            Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
            for (TopicPartition partition : consumer.assignment()) {
                positions.put(partition, new OffsetAndMetadata(consumer.position(partition)));
            }
            if (!positions.isEmpty()) {
                consumer.commitSync(positions);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{}: interrupted before committing; the records in flight will be read again", name);
        } catch (RuntimeException e) {
            LOG.warn("{}: commit failed, its records will be read again: {}", name, e.toString());
        }
    }

    /** Stops after the batch in hand (committed) and waits for the thread, at most {@code timeout}. */
    void stop(Duration timeout) throws InterruptedException {
        running = false;
        stopped.countDown();
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            LOG.warn("{}: did not stop within {} ms", name, timeout.toMillis());
        }
    }
}
