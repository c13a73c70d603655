package io.contmig.runner.check;

import io.contmig.target.AcknowledgedEvents;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The production {@link StoreChecker}: reads each tenant's Kafka topic and InfluxDB database on the site serving it
 * now, with {@link CrossStoreChecker}. Not thread-safe (one check at a time).
 */
public final class RoutedStoreChecker implements StoreChecker {

    private final CrossStoreChecker checker;

    /** @param timeout how long one store's scan may take */
    public RoutedStoreChecker(Duration timeout) {
        this.checker = new CrossStoreChecker(timeout);
    }

    @Override
    public List<StoreCheck> check(TenantRouting routing, AcknowledgedEvents acked) {
        List<StoreCheck> checks = new ArrayList<>();
        for (String tenant : acked.tenants()) {
            String kafkaSite = routing.siteOf(tenant, Store.KAFKA);
            String influxSite = routing.siteOf(tenant, Store.INFLUXDB);
            SiteEndpoints kafka = routing.endpoints(kafkaSite, kafkaSite);
            SiteEndpoints influx = routing.endpoints(influxSite, influxSite);
            try {
                checks.add(checker.checkKafka(acked, tenant, kafka.kafkaBootstrap()).at(kafkaSite));
            } catch (IOException e) {
                checks.add(StoreCheck.unread("kafka", tenant, kafkaSite, e.getMessage()));
            }
            try {
                checks.add(checker.checkInflux(acked, tenant, influx).at(influxSite));
            } catch (IOException e) {
                checks.add(StoreCheck.unread("influxdb", tenant, influxSite, e.getMessage()));
            }
        }
        return checks;
    }
}
