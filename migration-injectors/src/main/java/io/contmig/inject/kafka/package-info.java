/**
 * Kafka tenant moves: {@code kafka/mirrormaker2} ({@code KafkaMirrorMaker2Migration}: MirrorMaker 2 in a child
 * JVM mirrors the tenant's topics with the identity policy and offset sync, then a bounded write block, lag 0,
 * translated group offsets and the switch) and {@code kafka/partition-reassignment}
 * ({@code KafkaPartitionReassignment}: the tenant's partitions to another broker of one cluster, optionally
 * throttled); {@code KafkaTopicsVerifier} compares {@code (device, seq)} counts on both sides.
 */
package io.contmig.inject.kafka;
