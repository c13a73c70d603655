package io.contmig.runner.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.servers.kafka.KafkaTopicScanner;
import io.contmig.sitewhere.EventSeq;
import io.contmig.sitewhere.SiteWhereNames;
import io.contmig.target.AcknowledgedEvents;
import io.contmig.target.SiteEndpoints;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * After the load has stopped and the pipeline drained: for every acknowledged {@code (device, seq)} of a tenant,
 * is it in the tenant's Kafka decoded-events topic and in its InfluxDB database, on the site serving it now?
 * Counts lost, duplicated, reordered and unexpected events per store and tenant.
 *
 * <p>Reads only; never changes a store. Not thread-safe (one check at a time). Infrastructure failures (a store
 * that cannot be read) throw {@link IOException}: a check that could not look is not a PASS.
 */
public final class CrossStoreChecker {

    /** Rows per chunk of the InfluxDB answer, so a long run's points never sit in memory whole. */
    private static final int INFLUX_CHUNK = 20_000;

    private final Duration timeout;

    /** @param timeout how long one store's scan may take before the check fails */
    public CrossStoreChecker(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * Scans {@code tenant}'s decoded-events topic on {@code kafkaBootstrap} from the beginning to the end offsets
     * taken at the start of the scan; values may be JSON (the sandbox's default) or SiteWhere 3's protobuf
     * {@code GDecodedEventPayload} ({@link EventSeq} reads both).
     */
    public StoreCheck checkKafka(AcknowledgedEvents acked, String tenant, String kafkaBootstrap) throws IOException {
        Map<String, SeqSet> seen = new HashMap<>();
        try (KafkaTopicScanner scanner = new KafkaTopicScanner(kafkaBootstrap, timeout, timeout)) {
            scanner.scan(SiteWhereNames.of(tenant).decodedEventsTopic(), (key, value) -> {
                long seq = EventSeq.ofDecodedEvent(value);
                if (key != null && seq > 0) {
                    seen.computeIfAbsent(key, k -> new SeqSet()).add(seq);
                }
            });
        }
        return compare("kafka", tenant, kafkaBootstrap, acked, seen, true);
    }

    /**
     * Reads every {@code meta:seq} of {@code tenant}'s {@code events} measurement in database {@code tenant_<t>}
     * on the InfluxDB of {@code site} (chunked, with the site's login), grouped by the {@code device} tag.
     */
    public StoreCheck checkInflux(AcknowledgedEvents acked, String tenant, SiteEndpoints site) throws IOException {
        Map<String, String> tokenById = new HashMap<>();
        acked.deviceIds(tenant).forEach((token, id) -> tokenById.put(id, token));
        String query = "SELECT " + InfluxClient.identifier(SiteWhereNames.FIELD_SEQ) + " FROM "
                + InfluxClient.identifier(SiteWhereNames.MEASUREMENT) + " GROUP BY "
                + InfluxClient.identifier(SiteWhereNames.TAG_DEVICE);
        Map<String, SeqSet> seen = new HashMap<>();
        InfluxClient.of(site, timeout).stream(SiteWhereNames.of(tenant).database(), query, INFLUX_CHUNK,
                series -> {
                    String deviceId = series.path("tags").path(SiteWhereNames.TAG_DEVICE).asText("");
                    SeqSet set = seen.computeIfAbsent(tokenById.getOrDefault(deviceId, deviceId), k -> new SeqSet());
                    for (JsonNode row : series.path("values")) {
                        JsonNode seq = row.path(1);
                        if (!seq.isNull() && !seq.isMissingNode()) {
                            try {
                                set.add(Long.parseLong(seq.asText()));
                            } catch (NumberFormatException ignored) {
                                // a point written by someone else (no contmig seq): not ours to count
                            }
                        }
                    }
                });
        return compare("influxdb", tenant, site.influxUrl(), acked, seen, false);
    }

    static StoreCheck compare(String store, String tenant, String where, AcknowledgedEvents acked,
                              Map<String, SeqSet> seen, boolean ordered) {
        long[] expected = {0};
        long[] lost = {0};
        long[] matched = {0};
        List<String> examples = new ArrayList<>();
        for (String device : acked.deviceIds(tenant).keySet()) {
            SeqSet set = seen.get(device);
            acked.forEachAcknowledged(tenant, device, seq -> {
                expected[0]++;
                if (set != null && set.contains(seq)) {
                    matched[0]++;
                } else {
                    lost[0]++;
                    if (examples.size() < 10) {
                        examples.add(device + ":" + seq);
                    }
                }
            });
        }
        long duplicated = 0;
        long reordered = 0;
        long distinct = 0;
        for (SeqSet set : seen.values()) {
            duplicated += set.duplicates();
            reordered += set.reordered();
            distinct += set.distinct();
        }
        long unexpected = distinct - matched[0];
        return new StoreCheck(store, tenant, where, expected[0], lost[0], duplicated, ordered ? reordered : 0,
                unexpected, examples);
    }
}
