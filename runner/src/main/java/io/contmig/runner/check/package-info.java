/**
 * The cross-store check after the drain: {@code CrossStoreChecker} looks up every acknowledged
 * {@code (device, seq)} ({@code AcknowledgedEvents}, {@code SeqSet}) in the tenant's stores through a
 * {@code StoreChecker} ({@code RoutedStoreChecker}: the Kafka topic and InfluxDB database on the site serving the
 * tenant) and counts lost, duplicated and reordered events per store and tenant ({@code StoreCheck}). Findings are
 * facts, written to {@code verification/cross-store.json}; a store it cannot read is a recorded problem.
 */
package io.contmig.runner.check;
