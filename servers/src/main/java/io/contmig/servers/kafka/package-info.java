/** The one Kafka topic scanner every module uses ({@link io.contmig.servers.kafka.KafkaTopicScanner}). */
package io.contmig.servers.kafka;
