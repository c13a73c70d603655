package io.contmig.sandbox.rest;

import io.contmig.sandbox.devices.DeviceManagementException;
import io.contmig.sandbox.devices.DeviceManagementSchema;
import io.contmig.sandbox.devices.SiteWhereErrorCode;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The REST server's way to a tenant's stores: runs work on the tenant's PostgreSQL database (reads on the routed
 * site, writes on the admitted primary site after the {@link WriteAdmission}) and admits writes to any store.
 *
 * <p>Thread-safe (connections are leased per call). A refused admission becomes a 503 {@link ApiError}; an
 * {@link SQLException} propagates after the connection was discarded, retried once first when a kept connection
 * had broken while idle.
 */
final class TenantDatabases {

    /** Work on one tenant database connection. */
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException, DeviceManagementException, ApiError;
    }

    private final TenantRouting routing;
    private final WriteAdmission writes;
    private final JdbcConnections connections;

    TenantDatabases(TenantRouting routing, WriteAdmission writes, JdbcConnections connections) {
        this.routing = routing;
        this.writes = writes;
        this.connections = connections;
    }

    /** Runs {@code work} on the tenant's database on the site that serves its reads. */
    <T> T read(String tenant, SqlWork<T> work) throws Exception {
        return onDatabase(tenant, routing.siteOf(tenant, Store.POSTGRESQL), work);
    }

    /** Runs {@code work} on the tenant's primary database once the write is admitted (held until it returns). */
    <T> T write(String tenant, SqlWork<T> work) throws Exception {
        try (WritePermit permit = admit(tenant, Store.POSTGRESQL)) {
            return onDatabase(tenant, permit.primarySite(), work);
        }
    }

    private <T> T onDatabase(String tenant, String site, SqlWork<T> work) throws Exception {
        SiteEndpoints endpoints = routing.endpoints(site, routing.siteOf(tenant, Store.PIPELINE));
        String url = endpoints.jdbcUrl(DeviceManagementSchema.databaseName(tenant));
        for (int attempt = 1; ; attempt++) {
            try (JdbcConnections.Lease lease = connections.lease(url, endpoints.postgresUser(),
                    endpoints.postgresPassword())) {
                try {
                    return work.run(lease.connection());
                } catch (SQLException e) {
                    // The connection may be broken (server restarted, proxy reset): do not reuse it.
                    lease.discard();
                    // A kept connection that broke while idle (server restarted, backend terminated, proxy reset)
                    // fails with a connection error before its statement ran: retry once on a new connection.
                    if (!lease.reused() || !brokenConnection(e) || attempt > 1) {
                        throw e;
                    }
                    connections.evictIdle(url);
                }
            }
        }
    }

    /** SQLState class 08 (connection exception) or 57P01..57P03 (the server ended the session). */
    private static boolean brokenConnection(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    /** Admits a write of {@code tenant} to {@code store}; a refusal is a 503 {@link ApiError}. */
    WritePermit admit(String tenant, Store store) throws ApiError, InterruptedException {
        try {
            return writes.admit(tenant, store);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new ApiError(503, SiteWhereErrorCode.Unknown, "write of tenant " + tenant + " to "
                    + store.label() + " refused: " + e.getMessage());
        }
    }
}
