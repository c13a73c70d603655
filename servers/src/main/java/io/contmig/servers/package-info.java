/**
 * Launchers of the real servers contmig runs on this machine, each a {@code ManagedServer} (idempotent start
 * and close, pid files, shutdown hook): {@code PostgresServer}, {@code KafkaServer} / {@code KafkaCluster},
 * {@code InfluxServer}, {@code MosquittoServer}, {@code ChildJvmServer} (e.g. MirrorMaker 2); {@code DelayProxy}
 * emulates the WAN; {@code DebianPackages} fetches {@code influxd} and {@code mosquitto} into a user cache;
 * {@code PidFiles} cleans up after a killed run.
 */
package io.contmig.servers;
