package io.contmig.sandbox.pipeline;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One Kafka consumer of a pipeline stage on its own thread: poll, {@link #process} the batch, commit its offsets
 * once the batch's writes are acknowledged (at-least-once: only a batch whose writes all succeeded is ever
 * committed). A failed batch is recorded ({@code WRITE_FAILURES}), the consumer seeks back to its first records and
 * retries after a short back-off — nothing is skipped. Honors the tenant's {@link ConsumerPause} between batches.
 * Not thread-safe except {@link #stop}.
 *
 * <p>Pipelined: {@link #process} returns the batch's {@link PendingWrites} without waiting for them; the loop polls
 * and processes the next batch first, then waits for the previous batch's acknowledgements and commits it
 * asynchronously. Waiting for the acknowledgements and a synchronous commit per batch held every stage's next poll
 * by two broker round trips (a profile of the sandbox bench showed the stages parked there most of their time), and
 * each event arriving meanwhile waited for them. When the previous batch fails, the consumer seeks back to it (the
 * batch processed since is processed again: duplicates, never a loss). A lost asynchronous commit only means records
 * processed again. The offsets are committed synchronously, after waiting for the batch in flight, whenever they
 * must be exact: before the loop confirms a {@link ConsumerPause} (a Kafka cutover reads the groups' offsets), when
 * partitions are revoked and when the loop ends.
 */
abstract class ConsumerLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
    /** How long a synchronous commit (pause, revocation, end) may take. */
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);

    private final String name;
    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final ConsumerPause pause;
    private final PipelineStats stats;
    private final Thread thread;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private boolean pausedNow;
    /** The batch processed last whose writes may still be unacknowledged, and those writes; null when none. */
    private ConsumerRecords<String, byte[]> inFlight;
    private PendingWrites inFlightWrites;

    ConsumerLoop(String name, Consumer<String, byte[]> consumer, String topic, ConsumerPause pause,
                 PipelineStats stats) {
        this.name = name;
        this.consumer = consumer;
        this.topic = topic;
        this.pause = pause;
        this.stats = stats;
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    /**
     * Handles one batch and returns its writes still being acknowledged (or {@link PendingWrites#NONE}); throws to
     * have the batch retried (after a seek back).
     */
    protected abstract PendingWrites process(ConsumerRecords<String, byte[]> records) throws Exception;

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
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(50));
                if (!running) {
                    // Stopped during the poll: its records are not processed, and rewound so that the final commit
                    // of the consumer's positions does not pass them (the group reads them again).
                    rewind(records);
                    break;
                }
                if (!step(records)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("{}: consumer loop died", name, e);
        } finally {
            commitProcessed();
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("{}: closing consumer: {}", name, e.toString());
            }
            closed();
        }
    }

    /**
     * Processes {@code records} (may be empty), then settles the batch in flight before it. Returns false when the
     * loop must end (interrupted, or stopped during a back-off).
     */
    private boolean step(ConsumerRecords<String, byte[]> records) throws InterruptedException {
        PendingWrites writes = PendingWrites.NONE;
        Exception failure = null;
        if (!records.isEmpty()) {
            try {
                writes = process(records);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                // Whether the batch in flight succeeded or not, both are processed again: duplicates, never a loss.
                rewind(inFlight, records);
                inFlight = null;
                inFlightWrites = null;
                return false;
            } catch (Exception e) {
                failure = e;
            }
        }
        ConsumerRecords<String, byte[]> previous = inFlight;
        try {
            settle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rewind(previous, records);
            return false;
        } catch (Exception e) {
            // The batch processed meanwhile is abandoned too: both are processed again from the earlier offsets.
            return failed(e, previous, records);
        }
        if (failure != null) {
            return failed(failure, records);
        }
        if (!records.isEmpty()) {
            inFlight = records;
            inFlightWrites = writes;
        }
        return true;
    }

    /** Waits for the writes of the batch in flight and commits it asynchronously; throws their failure. */
    private void settle() throws Exception {
        ConsumerRecords<String, byte[]> batch = inFlight;
        PendingWrites writes = inFlightWrites;
        inFlight = null;
        inFlightWrites = null;
        if (batch == null) {
            return;
        }
        writes.await();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : batch.partitions()) {
            List<ConsumerRecord<String, byte[]>> records = batch.records(partition);
            offsets.put(partition, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
        }
        consumer.commitAsync(offsets, (committed, error) -> {
            if (error != null) {
                LOG.debug("{}: asynchronous commit failed (a later commit covers it): {}", name, error.toString());
            }
        });
    }

    /** {@link #settle} for the loop's end and pauses: a failed batch is rewound (and processed again later). */
    private void settleQuietly() {
        ConsumerRecords<String, byte[]> batch = inFlight;
        try {
            settle();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rewind(batch);
        } catch (Exception e) {
            stats.add(PipelineStats.Counter.WRITE_FAILURES, 1);
            LOG.warn("{}: batch of {} failed, to be retried: {}", name, batch.count(), e.toString());
            rewind(batch);
        }
    }

    /** Counts and logs a failed batch, rewinds to the earliest of {@code batches}, backs off; false when stopped. */
    @SafeVarargs
    private boolean failed(Exception e, ConsumerRecords<String, byte[]>... batches) throws InterruptedException {
        stats.add(PipelineStats.Counter.WRITE_FAILURES, 1);
        LOG.warn("{}: batch of {} failed, retrying: {}", name, batches[0].count(), e.toString());
        rewind(batches);
        return !stopped.await(200, TimeUnit.MILLISECONDS);
    }

    /**
     * Waits for the batch in flight, then commits the consumer's positions synchronously: every batch before them
     * is processed (a failed one was rewound). A failure is logged, not thrown — the group then resumes from older
     * offsets and processes some records again, which at-least-once allows.
     */
    private void commitProcessed() {
        settleQuietly();
        try {
            consumer.commitSync(COMMIT_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.warn("{}: committing the processed offsets failed (records may be processed again): {}", name,
                    e.toString());
        }
    }

    /** Seeks every partition of {@code batches} back to its earliest record among them (null batches skipped). */
    @SafeVarargs
    private void rewind(ConsumerRecords<String, byte[]>... batches) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecords<String, byte[]> batch : batches) {
            if (batch == null) {
                continue;
            }
            for (TopicPartition partition : batch.partitions()) {
                first.merge(partition, batch.records(partition).get(0).offset(), Math::min);
            }
        }
        Set<TopicPartition> assigned = consumer.assignment();
        first.forEach((partition, offset) -> {
            if (assigned.contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
    }

    /** Asks the loop to stop after the batch in hand (committed), without waiting; {@link #stop} waits. */
    void requestStop() {
        running = false;
        stopped.countDown();
    }

    /** Stops after the batch in hand (committed) and waits for the thread, at most {@code timeout}. */
    void stop(Duration timeout) throws InterruptedException {
        requestStop();
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            LOG.warn("{}: did not stop within {} ms", name, timeout.toMillis());
        }
    }
}
