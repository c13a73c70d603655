package io.contmig.target;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How to reach one site's servers from a given place (a device, another site, or the site itself): addresses
 * differ because cross-site traffic goes through the emulated WAN.
 *
 * <p>The stores every target has get typed fields; any other store (one a new injector brings) carries its
 * address in {@code addresses}, keyed by its {@link Store#label()}, so that adding a store needs no change here.
 *
 * @param site             the site's name ({@code cloud}, {@code edge})
 * @param postgresJdbcUrl  JDBC URL of the site's PostgreSQL server, database {@code postgres}
 * @param postgresUser     a superuser of that server
 * @param postgresPassword its password (never logged nor written to a record)
 * @param kafkaBootstrap   {@code host:port} of the site's Kafka cluster
 * @param influxUrl        base URL of the site's InfluxDB 1.x HTTP API
 * @param mqttUrl          {@code tcp://host:port} of the site's MQTT broker
 * @param addresses        store label → address of stores without a typed field (may be empty)
 * @param influxLogin      what the site's InfluxDB asks of HTTP clients (Basic authentication), or {@link Login#NONE}
 * @param mqttLogin        what the site's MQTT broker asks in CONNECT, or {@link Login#NONE}
 */
public record SiteEndpoints(String site, String postgresJdbcUrl, String postgresUser, String postgresPassword,
                            String kafkaBootstrap, String influxUrl, String mqttUrl, Map<String, String> addresses,
                            Login influxLogin, Login mqttLogin) {

    public SiteEndpoints {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(postgresJdbcUrl, "postgresJdbcUrl");
        Objects.requireNonNull(postgresUser, "postgresUser");
        Objects.requireNonNull(postgresPassword, "postgresPassword");
        Objects.requireNonNull(kafkaBootstrap, "kafkaBootstrap");
        Objects.requireNonNull(influxUrl, "influxUrl");
        Objects.requireNonNull(mqttUrl, "mqttUrl");
        addresses = Map.copyOf(addresses);
        Objects.requireNonNull(influxLogin, "influxLogin");
        Objects.requireNonNull(mqttLogin, "mqttLogin");
    }

    /** Endpoints whose InfluxDB and MQTT broker ask for no credentials. */
    public SiteEndpoints(String site, String postgresJdbcUrl, String postgresUser, String postgresPassword,
                         String kafkaBootstrap, String influxUrl, String mqttUrl, Map<String, String> addresses) {
        this(site, postgresJdbcUrl, postgresUser, postgresPassword, kafkaBootstrap, influxUrl, mqttUrl, addresses,
                Login.NONE, Login.NONE);
    }

    /** The endpoints of the well-known stores only. */
    public SiteEndpoints(String site, String postgresJdbcUrl, String postgresUser, String postgresPassword,
                         String kafkaBootstrap, String influxUrl, String mqttUrl) {
        this(site, postgresJdbcUrl, postgresUser, postgresPassword, kafkaBootstrap, influxUrl, mqttUrl, Map.of());
    }

    /** These endpoints plus {@code address} for {@code store} (a store without a typed field). */
    public SiteEndpoints withAddress(Store store, String address) {
        Map<String, String> more = new TreeMap<>(addresses);
        more.put(store.label(), Objects.requireNonNull(address, "address"));
        return new SiteEndpoints(site, postgresJdbcUrl, postgresUser, postgresPassword, kafkaBootstrap, influxUrl,
                mqttUrl, more, influxLogin, mqttLogin);
    }

    /** These endpoints with {@code influx} as the InfluxDB login and {@code mqtt} as the MQTT broker's. */
    public SiteEndpoints withLogins(Login influx, Login mqtt) {
        return new SiteEndpoints(site, postgresJdbcUrl, postgresUser, postgresPassword, kafkaBootstrap, influxUrl,
                mqttUrl, addresses, influx, mqtt);
    }

    /**
     * The address of {@code store} on this site: the typed field of a well-known store (the JDBC URL for
     * PostgreSQL), else the entry of {@link #addresses}; empty for the pipeline or an unknown store.
     */
    public Optional<String> address(Store store) {
        if (store.equals(Store.POSTGRESQL)) {
            return Optional.of(postgresJdbcUrl);
        }
        if (store.equals(Store.KAFKA)) {
            return Optional.of(kafkaBootstrap);
        }
        if (store.equals(Store.INFLUXDB)) {
            return Optional.of(influxUrl);
        }
        return Optional.ofNullable(addresses.get(store.label()));
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
                + ", influx=" + influxUrl + ", mqtt=" + mqttUrl + (addresses.isEmpty() ? "" : ", " + addresses)
                + (influxLogin.isNone() ? "" : ", influxUser=" + influxLogin.user())
                + (mqttLogin.isNone() ? "" : ", mqttUser=" + mqttLogin.user()) + "]";
    }
}
