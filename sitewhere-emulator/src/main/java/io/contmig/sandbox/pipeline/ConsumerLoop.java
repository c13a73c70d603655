package io.contmig.sandbox.pipeline;

import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One Kafka consumer of a pipeline stage on its own thread: poll, {@link #process} the batch, commit
 * synchronously (at-least-once). A failed batch is recorded ({@code WRITE_FAILURES}), the consumer seeks back to its
 * first records and retries after a short back-off — nothing is skipped. Honors the tenant's
 * {@link ConsumerPause} between batches. Not thread-safe except {@link #stop}.
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

    /** Handles one batch; throws to have it retried (after a seek back). */
    protected abstract void process(ConsumerRecords<String, byte[]> records) throws Exception;

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
                    // Every processed batch is already committed: nothing to flush here.
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
                    break; // stopped during the poll: its records are neither processed nor committed (read again)
                }
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    process(records);
                    consumer.commitSync();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    rewind(records);
                    break;
                } catch (Exception e) {
                    stats.add(PipelineStats.Counter.WRITE_FAILURES, 1);
                    LOG.warn("{}: batch of {} failed, retrying: {}", name, records.count(), e.toString());
                    rewind(records);
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
                consumer.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("{}: closing consumer: {}", name, e.toString());
            }
            closed();
        }
    }

    private void rewind(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).get(0).offset());
        }
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
