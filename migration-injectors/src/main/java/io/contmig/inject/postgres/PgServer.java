package io.contmig.inject.postgres;

import io.contmig.target.SiteEndpoints;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * One PostgreSQL server as reached from one place (directly, or through the emulated WAN): opens connections,
 * and gives the libpq connection string and the host/port for client tools. Immutable, thread-safe.
 *
 * <p>Every connection uses the same session settings for the textual form of values (UTC, ISO dates, exact
 * floats, hex bytea), so that row checksums computed on two servers compare. The password is passed as a
 * property, never in a URL, and {@link #toString()} omits it.
 */
final class PgServer {

    /** Session settings that make {@code row::text} identical on both sides. */
    private static final String SESSION_OPTIONS =
            "-c TimeZone=UTC -c DateStyle=ISO,YMD -c IntervalStyle=postgres -c extra_float_digits=3 -c bytea_output=hex";

    private final SiteEndpoints endpoints;
    private final String host;
    private final int port;

    PgServer(SiteEndpoints endpoints) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        String url = endpoints.postgresJdbcUrl();
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("site " + endpoints.site() + ": postgres URL '" + url
                    + "' must start with jdbc:postgresql://");
        }
        URI uri = URI.create(url.substring("jdbc:".length()));
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("site " + endpoints.site() + ": postgres URL '" + url + "' has no host");
        }
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 5432 : uri.getPort();
    }

    String site() {
        return endpoints.site();
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String user() {
        return endpoints.postgresUser();
    }

    /** For child processes' {@code PGPASSWORD} only. */
    String password() {
        return endpoints.postgresPassword();
    }

    /** A new connection to {@code database}; the caller closes it. */
    Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", endpoints.postgresUser());
        props.setProperty("password", endpoints.postgresPassword());
        props.setProperty("connectTimeout", "10");
        props.setProperty("socketTimeout", "0");
        props.setProperty("ApplicationName", "contmig-injector");
        props.setProperty("options", SESSION_OPTIONS);
        return DriverManager.getConnection(endpoints.jdbcUrl(database), props);
    }

    /** A libpq connection string for {@code database} (contains the password: never log it). */
    String conninfo(String database) {
        return "host=" + PgIdentifiers.conninfoValue(host) + " port=" + port
                + " user=" + PgIdentifiers.conninfoValue(endpoints.postgresUser())
                + " password=" + PgIdentifiers.conninfoValue(endpoints.postgresPassword())
                + " dbname=" + PgIdentifiers.conninfoValue(database)
                + " application_name=" + PgIdentifiers.conninfoValue("contmig");
    }

    @Override
    public String toString() {
        return "postgres of " + endpoints.site() + " at " + host + ":" + port;
    }
}
