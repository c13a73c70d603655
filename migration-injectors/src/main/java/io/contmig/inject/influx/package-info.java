/**
 * InfluxDB 1.x tenant moves: {@code influxdb/copy-catchup} ({@code InfluxCopyCatchupMigration}: dual write,
 * history copied in time chunks as InfluxQL → line protocol by {@code InfluxRangeCopy}, catch-up, switch) and
 * {@code influxdb/backup-restore} ({@code InfluxBackupRestoreMigration}: {@code influxd backup/restore -portable}
 * under a write block); {@code InfluxTenantVerifier} compares the tenant's points on both sites.
 */
package io.contmig.inject.influx;
