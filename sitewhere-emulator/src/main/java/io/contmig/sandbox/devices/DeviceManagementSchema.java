package io.contmig.sandbox.devices;

import io.contmig.sitewhere.SiteWhereNames;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates SiteWhere 3.0's device-management tables in a tenant's PostgreSQL database ({@code tenant_<tenant>},
 * schema {@code devicemanagement}): {@code device_type}, {@code device}, {@code device_assignment} and their
 * {@code *_metadata(<entity>_id, prop_key, prop_value)} side tables, with the columns, types, unique tokens and
 * foreign keys of SiteWhere's {@code V1__schema_initialization.sql}.
 *
 * <p>Replica identity: every table has a primary key, as in SiteWhere ({@code id uuid} for entities,
 * {@code (<entity>_id, prop_key)} for metadata), so logical replication can apply UPDATEs and DELETEs. Each
 * tenant has its own database, so no {@code tenant_id} column is needed: a publication of the whole schema is
 * already per tenant.
 *
 * <p>Stateless and thread-safe. {@link #create} is idempotent ({@code IF NOT EXISTS} throughout) and runs in one
 * transaction when the connection is not in auto-commit; on {@link SQLException} nothing is committed by this
 * class (the caller's connection is left as it was, to be rolled back or closed by the caller).
 */
public final class DeviceManagementSchema {

    /** The schema SiteWhere's device-management microservice uses in every tenant database. */
    public static final String SCHEMA = SiteWhereNames.DEVICE_MANAGEMENT_SCHEMA;

    private static final List<String> DDL = List.of(
            "CREATE SCHEMA IF NOT EXISTS devicemanagement",
            """
            CREATE TABLE IF NOT EXISTS devicemanagement.device_type (
                id uuid NOT NULL,
                created_by varchar(255),
                created_date timestamp,
                token varchar(255),
                updated_by varchar(255),
                updated_date timestamp,
                background_color varchar(255),
                border_color varchar(255),
                foreground_color varchar(255),
                icon varchar(255),
                image_url varchar(255),
                container_policy varchar(255),
                description varchar(1024),
                device_element_schema_id uuid,
                name varchar(255),
                PRIMARY KEY (id),
                CONSTRAINT device_type_token_key UNIQUE (token))""",
            """
            CREATE TABLE IF NOT EXISTS devicemanagement.device_type_metadata (
                device_type_id uuid NOT NULL REFERENCES devicemanagement.device_type,
                prop_value varchar(255),
                prop_key varchar(255) NOT NULL,
                PRIMARY KEY (device_type_id, prop_key))""",
            """
            CREATE TABLE IF NOT EXISTS devicemanagement.device (
                id uuid NOT NULL,
                created_by varchar(255),
                created_date timestamp,
                token varchar(255),
                updated_by varchar(255),
                updated_date timestamp,
                comments varchar(1024),
                device_type_id uuid NOT NULL REFERENCES devicemanagement.device_type,
                parent_device_id uuid REFERENCES devicemanagement.device,
                status varchar(255),
                PRIMARY KEY (id),
                CONSTRAINT device_token_key UNIQUE (token))""",
            """
            CREATE TABLE IF NOT EXISTS devicemanagement.device_metadata (
                device_id uuid NOT NULL REFERENCES devicemanagement.device,
                prop_value varchar(255),
                prop_key varchar(255) NOT NULL,
                PRIMARY KEY (device_id, prop_key))""",
            """
            CREATE TABLE IF NOT EXISTS devicemanagement.device_assignment (
                id uuid NOT NULL,
                created_by varchar(255),
                created_date timestamp,
                token varchar(255),
                updated_by varchar(255),
                updated_date timestamp,
                active_date timestamp,
                area_id uuid,
                asset_id uuid,
                customer_id uuid,
                device_id uuid REFERENCES devicemanagement.device,
                device_type_id uuid REFERENCES devicemanagement.device_type,
                released_date timestamp,
                status varchar(255),
                PRIMARY KEY (id),
                CONSTRAINT device_assignment_token_key UNIQUE (token))""",
            """
            CREATE TABLE IF NOT EXISTS devicemanagement.device_assignment_metadata (
                device_assignment_id uuid NOT NULL REFERENCES devicemanagement.device_assignment,
                prop_value varchar(255),
                prop_key varchar(255) NOT NULL,
                PRIMARY KEY (device_assignment_id, prop_key))""",
            // The pipeline looks up active assignments by device on every event.
            "CREATE INDEX IF NOT EXISTS device_assignment_device_status_idx"
                    + " ON devicemanagement.device_assignment (device_id, status)");

    private DeviceManagementSchema() {
    }

    /**
     * Creates the schema and its tables in the database {@code connection} is open on (it must be the tenant's
     * database, see {@link #databaseName}); existing objects are left untouched.
     */
    public static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String ddl : DDL) {
                statement.execute(ddl);
            }
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    /** The PostgreSQL (and InfluxDB) database of {@code tenant}: {@code tenant_<tenant>}, as SiteWhere names it. */
    public static String databaseName(String tenant) {
        return SiteWhereNames.of(tenant).database();
    }

    /**
     * Creates the database of {@code tenant} when it does not exist yet, through {@code serverConnection} (open
     * on any database of the same server, in auto-commit mode: {@code CREATE DATABASE} cannot run in a
     * transaction). Returns whether it created it.
     */
    public static boolean createDatabase(Connection serverConnection, String tenant) throws SQLException {
        String database = databaseName(tenant);
        try (var exists = serverConnection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (var rows = exists.executeQuery()) {
                if (rows.next()) {
                    return false;
                }
            }
        }
        try (Statement statement = serverConnection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + database + "\"");
            return true;
        } catch (SQLException e) {
            // Another thread or process created it between the check and the create.
            if ("42P04".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** Throws {@link IllegalArgumentException} naming the value unless {@code tenant} is a valid tenant token. */
    public static String requireTenant(String tenant) {
        return SiteWhereNames.requireTenant(tenant);
    }
}
