package io.contmig.runner.check;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * After the load has stopped and the pipeline drained: for every acknowledged {@code (device, seq)} of a tenant,
 * is it in the tenant's Kafka decoded-events topic and in its InfluxDB database, on the site serving it now?
 * Counts lost, duplicated, reordered and unexpected events per store and tenant.
 *
 * <p>Reads only; never changes a store. Not thread-safe (one check at a time). Infrastructure failures (a store
 * that cannot be read) throw {@link IOException}: a check that could not look is not a PASS.
 */
public final class CrossStoreChecker {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration KAFKA_POLL = Duration.ofMillis(500);

    private final Duration timeout;

    /** @param timeout how long one store's scan may take before the check fails */
    public CrossStoreChecker(Duration timeout) {
        this.timeout = timeout;
    }

    /** The decoded-events topic of {@code tenant}, as SiteWhere names it. */
    public static String decodedEventsTopic(String tenant) {
        return "sitewhere.sitewhere.tenant." + tenant + ".event-source-decoded-events";
    }

    /**
     * Scans {@code tenant}'s decoded-events topic on {@code kafkaBootstrap} from the beginning to the end offsets
     * taken at the start of the scan.
     */
    public StoreCheck checkKafka(AcknowledgedEvents acked, String tenant, String kafkaBootstrap) throws IOException {
        Map<String, SeqSet> seen = new HashMap<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        String topic = decodedEventsTopic(tenant);
        Instant deadline = Instant.now().plus(timeout);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IOException("kafka " + kafkaBootstrap + ": topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (!reached(consumer, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IOException("kafka " + kafkaBootstrap + ": reading " + topic + " took longer than " + timeout);
                }
                for (ConsumerRecord<String, String> r : consumer.poll(KAFKA_POLL)) {
                    long seq = seqOfDecodedEvent(r.value());
                    if (r.key() != null && seq > 0) {
                        seen.computeIfAbsent(r.key(), k -> new SeqSet()).add(seq);
                    }
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new IOException("kafka " + kafkaBootstrap + ": cannot read " + topic + ": " + e.getMessage(), e);
        }
        return compare("kafka", tenant, kafkaBootstrap, acked, seen, true);
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The {@code request.metadata.seq} of a decoded-event JSON value, or 0 when it carries none. */
    static long seqOfDecodedEvent(String value) {
        if (value == null) {
            return 0;
        }
        try {
            JsonNode seq = JSON.readTree(value).path("request").path("metadata").path("seq");
            return seq.isMissingNode() ? 0 : Long.parseLong(seq.asText());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Reads every {@code meta:seq} of {@code tenant}'s {@code events} measurement in database {@code tenant_<t>}
     * on the InfluxDB at {@code influxUrl} (v1 HTTP API, chunked), grouped by the {@code device} tag.
     */
    public StoreCheck checkInflux(AcknowledgedEvents acked, String tenant, String influxUrl) throws IOException {
        Map<String, String> tokenById = new HashMap<>();
        acked.deviceIds(tenant).forEach((token, id) -> tokenById.put(id, token));
        String query = "SELECT \"meta:seq\" FROM \"events\" GROUP BY \"device\"";
        URI uri = URI.create(influxUrl.replaceAll("/+$", "") + "/query?chunked=true&chunk_size=20000&db="
                + URLEncoder.encode("tenant_" + tenant, StandardCharsets.UTF_8)
                + "&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, SeqSet> seen = new HashMap<>();
        HttpResponse<InputStream> response;
        try {
            response = http.send(HttpRequest.newBuilder(uri).timeout(timeout).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("influxdb " + influxUrl + ": interrupted", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("influxdb " + influxUrl + ": query on tenant_" + tenant + " answered "
                        + response.statusCode() + ": " + new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            JsonParser parser = JSON.getFactory().createParser(body);
            MappingIterator<JsonNode> chunks = JSON.readValues(parser, JsonNode.class);
            while (chunks.hasNext()) {
                JsonNode chunk = chunks.next();
                for (JsonNode result : chunk.path("results")) {
                    if (result.has("error")) {
                        throw new IOException("influxdb " + influxUrl + ": " + result.get("error").asText());
                    }
                    for (JsonNode series : result.path("series")) {
                        String deviceId = series.path("tags").path("device").asText("");
                        String token = tokenById.getOrDefault(deviceId, deviceId);
                        SeqSet set = seen.computeIfAbsent(token, k -> new SeqSet());
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
                    }
                }
            }
        }
        return compare("influxdb", tenant, influxUrl, acked, seen, false);
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
