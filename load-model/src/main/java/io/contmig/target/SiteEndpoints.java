package io.contmig.target;

import java.util.Objects;

/**
 * How to reach one site's servers from a given place (a device, another site, or the site itself): addresses
 * differ because cross-site traffic goes through the emulated WAN.
 *
 * @param site             the site's name ({@code cloud}, {@code edge})
 * @param postgresJdbcUrl  JDBC URL of the site's PostgreSQL server, database {@code postgres}
 * @param postgresUser     a superuser of that server
 * @param postgresPassword its password (never logged nor written to a record)
 * @param kafkaBootstrap   {@code host:port} of the site's Kafka cluster
 * @param influxUrl        base URL of the site's InfluxDB 1.x HTTP API
 * @param mqttUrl          {@code tcp://host:port} of the site's MQTT broker
 */
public record SiteEndpoints(String site, String postgresJdbcUrl, String postgresUser, String postgresPassword,
                            String kafkaBootstrap, String influxUrl, String mqttUrl) {

    public SiteEndpoints {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(postgresJdbcUrl, "postgresJdbcUrl");
        Objects.requireNonNull(postgresUser, "postgresUser");
        Objects.requireNonNull(postgresPassword, "postgresPassword");
        Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
        Objects.requireNonNull(influxUrl, "influxUrl");
        Objects.requireNonNull(mqttUrl, "mqttUrl");
    }

    /** The JDBC URL of database {@code database} on this site's server. */
    public String jdbcUrl(String database) {
        int slash = postgresJdbcUrl.lastIndexOf('/');
        int query = postgresJdbcUrl.indexOf('?', slash);
        return postgresJdbcUrl.substring(0, slash + 1) + database + (query < 0 ? "" : postgresJdbcUrl.substring(query));
    }

    @Override
    public String toString() {
        return "SiteEndpoints[site=" + site + ", postgres=" + postgresJdbcUrl + ", kafka=" + kafkaBootstrap
                + ", influx=" + influxUrl + ", mqtt=" + mqttUrl + "]";
    }
}
