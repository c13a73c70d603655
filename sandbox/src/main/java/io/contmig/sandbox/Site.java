package io.contmig.sandbox;

import io.contmig.servers.InfluxServer;
import io.contmig.servers.KafkaServer;
import io.contmig.servers.ManagedServer;
import io.contmig.servers.MosquittoServer;
import io.contmig.servers.PostgresServer;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;

import java.util.List;

/**
 * The real servers of one sandbox site ({@code cloud} or {@code edge}): PostgreSQL, Kafka, InfluxDB and Mosquitto,
 * each on its own free loopback ports. Immutable holder; the servers themselves are thread-safe.
 *
 * @param name     the site's name
 * @param postgres its PostgreSQL ({@code wal_level=logical})
 * @param kafka    its single-node KRaft Kafka
 * @param influx   its InfluxDB 1.x
 * @param mqtt     its own (site-local) Mosquitto
 */
record Site(String name, PostgresServer postgres, KafkaServer kafka, InfluxServer influx, MosquittoServer mqtt) {

    /** Every server of the site. */
    List<ManagedServer> servers() {
        return List.of(postgres, kafka, influx, mqtt);
    }

    /** The site's servers addressed directly (as seen from the site itself). */
    SiteEndpoints direct() {
        return new SiteEndpoints(name, postgres.jdbcUrl(), postgres.user(), postgres.password(),
                kafka.bootstrapServers(), influx.url(), mqtt.url())
                .withAddress(Store.of(InfluxServer.RPC_ADDRESS_LABEL), influx.rpcAddress())
                .withLogins(influx.login(), mqtt.login());
    }
}
