package io.contmig.inject.kafka;

import io.contmig.inject.InjectorConformance;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import io.contmig.testkit.TwoSites;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The injector conformance properties for {@code kafka/mirrormaker2}, between two real single-node Kafka clusters
 * with MirrorMaker 2 in a child JVM.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class KafkaConformanceIT extends InjectorConformance {

    @RegisterExtension
    static final TwoSites SITES = TwoSites.of("kafka-conformance", TwoSites.Server.KAFKA);

    @Override
    protected List<Subject> subjects() {
        return List.of(new Subject("kafka/mirrormaker2", "mm", Store.KAFKA,
                Map.of("lagThreshold", "0", "mirrorTimeout", "90s", "adminTimeout", "5s", "mm2Heap", "256m")) {
            @Override
            protected TenantRouting createTenant(String tenant, boolean withData) throws Exception {
                return KafkaTenantData.create(SITES.endpoints(), SITES.kafka("cloud").bootstrapServers(), SITES.kafka("cloud").nodeId(), tenant, NEIGHBOUR, withData);
            }

            @Override
            protected String sourceState(String tenant) throws Exception {
                return KafkaTenantData.state(SITES.kafka("cloud").bootstrapServers(), tenant);
            }

            @Override
            protected String artifacts(String tenant) throws Exception {
                // Whatever names the tenant besides its own source topics: mirrored topics on the target, MM2's
                // internal topics (named after the cluster aliases <site>_<tenant>) on either side.
                TenantTopics own = new TenantTopics(tenant, 10_000);
                StringBuilder found = new StringBuilder();
                for (String site : TwoSites.SITES) {
                    try (Admin admin = SITES.kafka(site).admin()) {
                        var names = new TreeSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
                        names.removeIf(n -> !n.contains(tenant) || site.equals("cloud") && n.startsWith(own.prefix()));
                        found.append(site).append(": ").append(names).append("; ");
                    }
                }
                return found.toString();
            }
        });
    }
}
