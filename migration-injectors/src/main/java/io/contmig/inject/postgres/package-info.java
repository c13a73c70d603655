/**
 * PostgreSQL tenant moves of a {@code tenant_<t>} database: {@code postgresql/stop-and-copy}
 * ({@code PgStopAndCopyMigration}: write block, schema, {@code COPY}, indexes, switch) and
 * {@code postgresql/logical-replication} ({@code PgLogicalReplicationMigration}: publication and subscription,
 * catch-up to a lag threshold, brief bounded write block, sequence fix-up, switch, cleanup of slots and
 * publications); {@code PgTenantVerifier} compares the tables on both sites as of the cutover snapshot.
 */
package io.contmig.inject.postgres;
