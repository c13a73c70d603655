package io.contmig.sandbox.pipeline;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipelined {@link ConsumerLoop}: a batch is committed only once its writes are acknowledged, even though the
 * next batch was processed meanwhile; when those writes fail, the loop seeks back to the failed batch (the batch
 * processed since comes again too) and nothing past it is committed.
 */
class ConsumerLoopTest {

    private static final String TOPIC = "t";
    private static final TopicPartition P0 = new TopicPartition(TOPIC, 0);

    /** What the loop's {@code process} saw, and whether the writes of a batch with a given first value fail once. */
    private static final class Recording extends ConsumerLoop {
        final BlockingQueue<List<String>> batches = new LinkedBlockingQueue<>();
        private final String failOnce;
        private boolean failed;

        Recording(MockConsumer<String, byte[]> consumer, String failOnce) {
            super("test-loop", consumer, TOPIC, new ConsumerPause(), new PipelineStats());
            this.failOnce = failOnce;
        }

        @Override
        protected PendingWrites process(ConsumerRecords<String, byte[]> records) {
            List<String> values = new ArrayList<>();
            records.forEach(r -> values.add(new String(r.value(), StandardCharsets.UTF_8)));
            batches.add(values);
            boolean fail = !failed && values.get(0).equals(failOnce);
            failed |= fail;
            return () -> {
                if (fail) {
                    throw new IllegalStateException("not acknowledged");
                }
            };
        }
    }

    @Test
    void aBatchWhoseWritesFailIsProcessedAgainWithTheOneAfterItAndNeverCommittedBefore() throws Exception {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            consumer.addRecord(record(0, "a"));
        });
        consumer.schedulePollTask(() -> consumer.addRecord(record(1, "b")));
        Recording loop = new Recording(consumer, "a");
        loop.start();
        try {
            assertThat(next(loop)).containsExactly("a");
            assertThat(next(loop)).containsExactly("b");
            // Settling "a" after "b" was processed fails: the loop seeks back to offset 0; Kafka delivers both again.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (position(consumer) != 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(position(consumer)).isZero();
            assertThat(committed(consumer)).isNull();
            consumer.schedulePollTask(() -> {
                consumer.addRecord(record(0, "a"));
                consumer.addRecord(record(1, "b"));
            });
            assertThat(next(loop)).containsExactly("a", "b");
            // Acknowledged this time: the next poll settles the batch and commits past both records.
            awaitCommitted(consumer);
            assertThat(committed(consumer).offset()).isEqualTo(2);
        } finally {
            loop.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void aBatchIsCommittedOnceItsWritesAreAcknowledged() throws Exception {
        MockConsumer<String, byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(P0));
            consumer.addRecord(record(0, "a"));
            consumer.addRecord(record(1, "b"));
        });
        Recording loop = new Recording(consumer, "none");
        loop.start();
        try {
            assertThat(next(loop)).containsExactly("a", "b");
            // The next (empty) poll settles the batch and commits it asynchronously.
            awaitCommitted(consumer);
            assertThat(committed(consumer).offset()).isEqualTo(2);
        } finally {
            loop.stop(Duration.ofSeconds(10));
        }
    }

    private static List<String> next(Recording loop) throws InterruptedException {
        List<String> batch = loop.batches.poll(10, TimeUnit.SECONDS);
        assertThat(batch).as("a batch processed within 10 s").isNotNull();
        return batch;
    }

    /** Waits (at most 10 s) until the group has a committed offset. */
    private static void awaitCommitted(MockConsumer<String, byte[]> consumer) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (committed(consumer) == null && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    private static long position(MockConsumer<String, byte[]> consumer) {
        return consumer.position(P0);
    }

    private static OffsetAndMetadata committed(MockConsumer<String, byte[]> consumer) {
        return consumer.committed(Set.of(P0)).get(P0);
    }

    private static ConsumerRecord<String, byte[]> record(long offset, String value) {
        return new ConsumerRecord<>(TOPIC, 0, offset, "k", value.getBytes(StandardCharsets.UTF_8));
    }
}
