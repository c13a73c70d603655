package io.contmig.sandbox.pipeline;

import io.contmig.target.WriteBlockedException;
import io.contmig.target.WriteGate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Sends a batch of records through the tenant's Kafka {@link WriteGate} and waits until Kafka acknowledged all of
 * them ({@code acks=all}), so that a {@code blockWrites} only returns once nothing is in flight. Thread-safe (the
 * producer is); on any failure the whole batch must be retried by the caller (at-least-once).
 */
final class GatedProducer {

    private final KafkaProducer<String, byte[]> producer;
    private final WriteGate gate;

    GatedProducer(KafkaProducer<String, byte[]> producer, WriteGate gate) {
        this.producer = producer;
        this.gate = gate;
    }

    KafkaProducer<String, byte[]> producer() {
        return producer;
    }

    WriteGate gate() {
        return gate;
    }

    void sendAll(List<ProducerRecord<String, byte[]>> records)
            throws WriteBlockedException, InterruptedException, ExecutionException {
        if (records.isEmpty()) {
            return;
        }
        gate.enter();
        try {
            List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
            for (ProducerRecord<String, byte[]> record : records) {
                sent.add(producer.send(record));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        } finally {
            gate.exit();
        }
    }
}
