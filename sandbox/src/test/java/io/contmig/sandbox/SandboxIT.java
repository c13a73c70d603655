package io.contmig.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.sandbox.pipeline.KafkaClients;
import io.contmig.sandbox.pipeline.PipelineStats;
import io.contmig.servers.ChildWatchdog;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.sitewhere.SiteWhereNames;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox on real servers: a killed run's servers cleaned at start, sandbox.json, SiteWhere conformance of
 * each event kind, each refusal kind, and a switch of each store under a steady stream losing nothing.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SandboxIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path WORK = Path.of("target", "contmig-it", "sandbox").toAbsolutePath();
    private static final Duration INFLUX_TIMEOUT = Duration.ofSeconds(30);
    private static Sandbox sandbox;
    private static long orphanPid;
    private static MqttProbe probe;

    @BeforeAll
    static void start() throws Exception {
        orphanPid = leaveAKilledRun(WORK.resolve("run"));
        sandbox = Sandbox.start(SandboxSettings.defaults(WORK).withWan(SandboxSettings.NO_DELAY).withDurable(false)
                .withKafkaHeap("384m"));
        System.out.println("SandboxIT: " + sandbox.startupSummary());
        SiteEndpoints cloud = sandbox.siteEndpoints("cloud");
        TestDevices.create(cloud, "default", "conf-1", true);
        TestDevices.create(cloud, "default", "conf-unassigned", false);
        probe = new MqttProbe(sandbox.mqttUrl(), "sandbox-it");
        probe.subscribe("SiteWhere/+/output/mqtt1", n -> { });
    }

    @AfterAll
    static void stop() {
        if (probe != null) {
            probe.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /**
     * Last (it wipes the tenants): what the other tests left — tenants, devices, switched stores, mirrored topics — plus
     * a stray replication slot and topic and a changed WAN is what a study's warm reset must remove; the verification
     * sees it before and nothing after.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void aResetToStartRemovesWhatTenantsLeftAndIsVerified() throws Exception {
        assertThat(sandbox.verifyStart(SandboxSettings.NO_DELAY)).isNotEmpty();
        SiteEndpoints edge = sandbox.siteEndpoints("edge");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(edge.postgresJdbcUrl(), edge.postgresUser(),
                edge.postgresPassword()); java.sql.Statement st = c.createStatement()) {
            st.execute("SELECT pg_create_logical_replication_slot('stray_slot', 'pgoutput')");
        }
        KafkaClients.ensureTopics(sandbox.siteEndpoints("cloud").kafkaBootstrap(), List.of("stray-topic"));
        sandbox.setDelay(Sandbox.Link.EDGE_CLOUD, Duration.ofMillis(40));
        assertThat(sandbox.verifyStart(SandboxSettings.NO_DELAY))
                .anyMatch(p -> p.contains("stray_slot")).anyMatch(p -> p.contains("stray-topic"))
                .anyMatch(p -> p.startsWith("wan EDGE_CLOUD"));

        long begin = System.nanoTime();
        sandbox.resetToStart(SandboxSettings.NO_DELAY);
        List<String> problems = sandbox.verifyStart(SandboxSettings.NO_DELAY);
        System.out.printf("SandboxIT: reset to start + verify: %.1f s%n", (System.nanoTime() - begin) / 1e9);
        assertThat(problems).isEmpty();
        assertThat(sandbox.routing().tenants()).containsExactly("default");
        assertThat(sandbox.delay(Sandbox.Link.EDGE_CLOUD)).isEqualTo(Duration.ZERO);
    }

    /** Starts a Mosquitto from a child JVM with a pid file in {@code runDir}, then kills that JVM (SIGKILL). */
    private static long leaveAKilledRun(Path runDir) throws Exception {
        // Without its watchdog, so that the killed JVM's broker is left for the sandbox's start to clean.
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + ChildWatchdog.ENABLED_PROPERTY + "=false",
                "-cp", System.getProperty("java.class.path"), LeftoverServer.class.getName(), runDir.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("PID ")) {
                    long pid = Long.parseLong(line.substring(4).trim());
                    child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
                    return pid;
                }
            }
        }
        throw new AssertionError("the child JVM did not start its Mosquitto");
    }

    @Test
    void aKilledRunsServersAreCleanedAtTheNextStart() {
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void writesSandboxJsonAsTheContractShows() throws Exception {
        Path file = WORK.resolve("sandbox.json");
        sandbox.writeJson(file);
        JsonNode json = JSON.readTree(Files.readString(file));
        assertThat(json.path("rest").path("baseUrl").asText()).matches("http://127\\.0\\.0\\.1:\\d+/sitewhere/api");
        assertThat(json.path("rest").path("authUrl").asText())
                .matches("http://127\\.0\\.0\\.1:\\d+/sitewhere/authapi/jwt");
        assertThat(json.path("rest").path("username").asText()).isEqualTo("admin");
        // Secure by default: this sandbox's own random credentials, in a file only its owner can read.
        assertThat(json.path("rest").path("password").asText()).isEqualTo(sandbox.restPassword())
                .isNotEqualTo("password").hasSizeGreaterThanOrEqualTo(32);
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(json.path("mqtt").path("url").asText()).matches("tcp://127\\.0\\.0\\.1:\\d+");
        for (String site : List.of("cloud", "edge")) {
            JsonNode s = json.path("sites").path(site);
            assertThat(s.path("postgres").asText()).matches("jdbc:postgresql://127\\.0\\.0\\.1:\\d+/postgres");
            assertThat(s.path("kafka").asText()).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(s.path("influx").asText()).matches("http://127\\.0\\.0\\.1:\\d+");
            assertThat(s.path("mqtt").asText()).matches("tcp://127\\.0\\.0\\.1:\\d+");
            assertThat(sandbox.siteEndpoints(site).postgresPassword()).isNotEqualTo("contmig").hasSizeGreaterThan(20);
        }
        assertThat(json.path("tenants").path("default").path("site").asText()).isEqualTo("cloud");
    }

    @Test
    void crossSiteTrafficPaysTheWanDelayAdjustableWhileRunning() throws Exception {
        SiteEndpoints edgeFromCloud = sandbox.routing().endpoints("edge", "cloud");
        assertThat(edgeFromCloud.postgresJdbcUrl()).isNotEqualTo(sandbox.siteEndpoints("edge").postgresJdbcUrl());
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(edgeFromCloud.postgresJdbcUrl(),
                edgeFromCloud.postgresUser(), edgeFromCloud.postgresPassword())) {
            sandbox.setDelay(Sandbox.Link.EDGE_CLOUD, Duration.ofMillis(40));
            assertThat(sandbox.delay(Sandbox.Link.EDGE_CLOUD)).isEqualTo(Duration.ofMillis(40));
            long start = System.nanoTime();
            try (var rows = db.createStatement().executeQuery("SELECT 1")) {
                assertThat(rows.next()).isTrue();
            }
            long roundTripMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(roundTripMillis).as("one round trip through 40 ms each way").isGreaterThanOrEqualTo(80);
        } finally {
            sandbox.setDelay(Sandbox.Link.EDGE_CLOUD, Duration.ZERO);
        }
    }

    @Test
    void aCrossSiteKafkaProducerPaysTheWanDelayOnEveryRequest() throws Exception {
        String direct = sandbox.siteEndpoints("cloud").kafkaBootstrap();
        String viaWan = sandbox.routing().endpoints("cloud", "edge").kafkaBootstrap();
        assertThat(viaWan).isNotEqualTo(direct);
        String topic = "it-wan-latency";
        KafkaClients.ensureTopics(direct, List.of(topic));
        Duration oneWay = Duration.ofMillis(40);
        long directNanos = medianProduceNanos(direct, topic);
        try {
            sandbox.setDelay(Sandbox.Link.EDGE_CLOUD, oneWay);
            long wanNanos = medianProduceNanos(viaWan, topic);
            System.out.printf(java.util.Locale.ROOT, "produce latency (median of 10 after warm-up, acks=all): "
                    + "edge->cloud WAN %.1f ms, direct %.1f ms, one-way delay %d ms%n",
                    wanNanos / 1e6, directNanos / 1e6, oneWay.toMillis());
            // A producer that had left the proxy after bootstrap would answer in about the direct time.
            assertThat(wanNanos).as("produce through %s with %s each way", viaWan, oneWay)
                    .isGreaterThanOrEqualTo(2 * oneWay.toNanos());
        } finally {
            sandbox.setDelay(Sandbox.Link.EDGE_CLOUD, Duration.ZERO);
        }
    }

    /** Median time of 10 acknowledged sends, after one warm-up send (metadata and broker connection). */
    private static long medianProduceNanos(String bootstrap, String topic) throws Exception {
        List<Long> nanos = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(bootstrap, "it-wan-" + System.nanoTime())) {
            producer.send(new ProducerRecord<>(topic, "warm-up", new byte[0])).get(60, TimeUnit.SECONDS);
            for (int i = 0; i < 10; i++) {
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, "k" + i, new byte[100])).get(60, TimeUnit.SECONDS);
                nanos.add(System.nanoTime() - start);
            }
        }
        nanos.sort(null);
        return nanos.get(nanos.size() / 2);
    }

    enum Kind {
        MEASUREMENT("DeviceMeasurement", "Measurement",
                "{\"name\":\"engine.temperature\",\"value\":170.5,\"eventDate\":%d,\"updateState\":true,"
                        + "\"metadata\":{\"seq\":\"%d\",\"fromMQTT\":\"true\"}}"),
        LOCATION("DeviceLocation", "Location",
                "{\"latitude\":34.10469794977326,\"longitude\":-84.23966646194458,\"elevation\":0.0,"
                        + "\"eventDate\":%d,\"updateState\":true,\"metadata\":{\"seq\":\"%d\"}}"),
        ALERT("DeviceAlert", "Alert",
                "{\"type\":\"engine.overheat\",\"message\":\"Engine overheating.\",\"level\":\"Error\","
                        + "\"source\":\"Device\",\"eventDate\":%d,\"metadata\":{\"seq\":\"%d\"}}");

        final String requestType;
        final String eventType;
        final String request;

        Kind(String requestType, String eventType, String request) {
            this.requestType = requestType;
            this.eventType = eventType;
            this.request = request;
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void eachEventKindIsStoredWithSiteWheresTagsAndFieldsAndEchoed(Kind kind) throws Exception {
        long seq = 100 + kind.ordinal();
        long eventDate = 1_616_667_330_000L + seq;
        String payload = "{\"deviceToken\":\"conf-1\",\"type\":\"" + kind.requestType + "\",\"request\":"
                + String.format(java.util.Locale.ROOT, kind.request, eventDate, seq) + "}";
        probe.publish("SiteWhere/default/input/json", payload).waitForCompletion(10_000);
        await("outbound echo of seq " + seq, () -> !probe.withSeq(seq).isEmpty());
        JsonNode echo = probe.withSeq(seq).get(0);
        String device = TestDevices.id("device", "conf-1").toString();
        String assignment = TestDevices.id("assignment", "conf-1").toString();
        assertThat(echo.path("eventType").asText()).isEqualTo(kind.eventType);
        assertThat(echo.path("deviceId").asText()).isEqualTo(device);
        assertThat(echo.path("deviceAssignmentId").asText()).isEqualTo(assignment);
        assertThat(echo.path("customerId").asText()).isEqualTo(TestDevices.id("customer", "acme").toString());
        assertThat(echo.path("eventDate").asLong()).isEqualTo(eventDate);
        assertThat(echo.path("receivedDate").isNumber()).isTrue();
        assertThat(echo.path("metadata").path("precision").asText()).isEqualTo("ms");

        String influx = sandbox.siteEndpoints("cloud").influxUrl();
        JsonNode series = new InfluxClient(influx, INFLUX_TIMEOUT).query("tenant_default",
                "SELECT * FROM events WHERE \"meta:seq\" = '" + seq + "'").path("results").path(0).path("series").path(0);
        Map<String, JsonNode> row = row(series);
        assertThat(row.get("type").asText()).isEqualTo(kind.eventType);
        assertThat(row.get("device").asText()).isEqualTo(device);
        assertThat(row.get("assignment").asText()).isEqualTo(assignment);
        assertThat(row.get("eid").asText()).isEqualTo(echo.path("id").asText());
        assertThat(row.get("rcvdate").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(row.get("meta:precision").asText()).isEqualTo("ms");
        assertThat(row.get("time").asLong()).isEqualTo(eventDate * 1_000_000L);
        switch (kind) {
            case MEASUREMENT -> {
                assertThat(row.get("mxname").asText()).isEqualTo("engine.temperature");
                assertThat(row.get("mxvalue").asDouble()).isEqualTo(170.5);
                assertThat(row.get("meta:fromMQTT").asText()).isEqualTo("true");
                assertThat(echo.path("name").asText()).isEqualTo("engine.temperature");
                assertThat(echo.path("value").asDouble()).isEqualTo(170.5);
            }
            case LOCATION -> {
                assertThat(row.get("latitude").asDouble()).isEqualTo(34.10469794977326);
                assertThat(row.get("longitude").asDouble()).isEqualTo(-84.23966646194458);
                assertThat(row.get("elevation").asDouble()).isEqualTo(0.0);
                assertThat(echo.path("latitude").asDouble()).isEqualTo(34.10469794977326);
            }
            case ALERT -> {
                assertThat(row.get("alert").asText()).isEqualTo("engine.overheat");
                assertThat(row.get("level").asText()).isEqualTo("Error");
                assertThat(row.get("source").asText()).isEqualTo("Device");
                assertThat(row.get("message").asText()).isEqualTo("Engine overheating.");
                assertThat(echo.path("type").asText()).isEqualTo("engine.overheat");
            }
            default -> throw new AssertionError(kind);
        }
    }

    private static Map<String, JsonNode> row(JsonNode series) {
        assertThat(series.path("values").size()).as("exactly one stored point: %s", series).isEqualTo(1);
        Map<String, JsonNode> row = new HashMap<>();
        for (int i = 0; i < series.path("columns").size(); i++) {
            row.put(series.path("columns").path(i).asText(), series.path("values").path(0).path(i));
        }
        return row;
    }

    @Test
    void eachRefusalKindIsRefusedAndNotStored() throws Exception {
        PipelineStats stats = sandbox.pipeline().stats("default");
        long failedBefore = stats.get(PipelineStats.Counter.FAILED_DECODE);
        long unregisteredBefore = stats.get(PipelineStats.Counter.UNREGISTERED);
        long unassignedBefore = stats.get(PipelineStats.Counter.UNASSIGNED);
        List<String> undecodable = List.of(
                "this is not JSON 900",
                "{\"type\":\"DeviceMeasurement\",\"request\":{\"name\":\"t\",\"value\":1,\"metadata\":{\"seq\":\"901\"}}}",
                "{\"deviceToken\":\"conf-1\",\"type\":\"DeviceTelemetry\",\"request\":{\"metadata\":{\"seq\":\"902\"}}}",
                "{\"deviceToken\":\"conf-1\",\"type\":\"DeviceMeasurement\",\"request\":{\"name\":\"t\",\"value\":1,"
                        + "\"unit\":\"C\",\"metadata\":{\"seq\":\"903\"}}}");
        for (String payload : undecodable) {
            probe.publish("SiteWhere/default/input/json", payload).waitForCompletion(10_000);
        }
        probe.publish("SiteWhere/default/input/json", MqttProbe.measurement("nobody-knows-me", 904, 904))
                .waitForCompletion(10_000);
        probe.publish("SiteWhere/default/input/json", MqttProbe.measurement("conf-unassigned", 905, 905))
                .waitForCompletion(10_000);
        // A valid event sent after the refused ones: once it is echoed, every earlier one was handled.
        probe.publish("SiteWhere/default/input/json", MqttProbe.measurement("conf-1", 906, 906))
                .waitForCompletion(10_000);
        await("echo of the valid event", () -> !probe.withSeq(906).isEmpty());
        await("refusals counted", () -> stats.get(PipelineStats.Counter.FAILED_DECODE) - failedBefore == 4
                && stats.get(PipelineStats.Counter.UNREGISTERED) - unregisteredBefore == 1
                && stats.get(PipelineStats.Counter.UNASSIGNED) - unassignedBefore == 1);

        SiteWhereNames topics = new SiteWhereNames("default");
        String kafka = sandbox.siteEndpoints("cloud").kafkaBootstrap();
        List<ConsumerRecord<String, byte[]>> failed = readAll(kafka, topics.failedDecodeEventsTopic());
        assertThat(failed).extracting(ConsumerRecord::key).containsOnly("json");
        assertThat(failed).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsAll(undecodable);
        List<ConsumerRecord<String, byte[]>> unregistered = readAll(kafka, topics.unregisteredDeviceEventsTopic());
        assertThat(unregistered).extracting(r -> JSON.readTree(r.value()).path("deviceToken").asText())
                .contains("nobody-knows-me");

        String influx = sandbox.siteEndpoints("cloud").influxUrl();
        assertThat(new InfluxClient(influx, INFLUX_TIMEOUT).count("tenant_default",
                "SELECT count(\"eid\") FROM events WHERE \"meta:seq\" =~ /^90[0-5]$/")).isZero();
        assertThat(new InfluxClient(influx, INFLUX_TIMEOUT).count("tenant_default",
                "SELECT count(\"eid\") FROM events WHERE \"meta:seq\" = '906'")).isEqualTo(1);
        assertThat(probe.withSeq(904)).isEmpty();
        assertThat(probe.withSeq(905)).isEmpty();
    }

    /**
     * MQTT and REST writes through a switch of each store (and of the pipeline stage's placement): MQTT loses
     * nothing, and the only REST failures are the refusals of a declared write block (a 503 naming it) — the
     * sandbox's own swap of producers, consumers and connections adds none.
     */
    @ParameterizedTest
    @MethodSource("wellKnownStores")
    void switchingAStoreUnderASteadyStreamLosesNothing(Store store) throws Exception {
        String tenant = "move-" + store.label();
        sandbox.createTenant(tenant, "cloud");
        sandbox.provisionStores(tenant, "edge");
        List<String> devices = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            String token = tenant + "-dev-" + d;
            devices.add(token);
            TestDevices.create(sandbox.siteEndpoints("cloud"), tenant, token, true);
            TestDevices.create(sandbox.siteEndpoints("edge"), tenant, token, true);
        }
        String restDevice = tenant + "-rest";
        TestDevices.create(sandbox.siteEndpoints("cloud"), tenant, restDevice, true);
        TestDevices.create(sandbox.siteEndpoints("edge"), tenant, restDevice, true);
        int perDevice = 150;
        long base = 1_700_000_000_000L;
        List<IMqttDeliveryToken> sent = new ArrayList<>();
        List<RestWriter.Failure> restFailures;
        long restOkAtSwitch = 0;
        try (RestWriter rest = RestWriter.start(sandbox, tenant, "asg-" + restDevice, Duration.ofMillis(20))) {
            for (int seq = 1; seq <= perDevice; seq++) {
                for (String device : devices) {
                    sent.add(probe.publish("SiteWhere/" + tenant + "/input/json",
                            MqttProbe.measurement(device, seq, base + seq)));
                }
                if (seq == perDevice / 2) {
                    restOkAtSwitch = rest.succeeded();
                    switchUnderLoad(tenant, store);
                }
                // A steady stream of ~200 events/s: wait for the broker's acknowledgements of this round.
                for (IMqttDeliveryToken token : sent) {
                    token.waitForCompletion(30_000);
                }
                sent.clear();
                // Pacing of the open load (one round of 10 events every 50 ms), not a wait for a condition.
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            }
            assertThat(rest.succeeded()).as("REST writes after the switch").isGreaterThan(restOkAtSwitch);
            restFailures = rest.stop();
        }
        assertThat(restFailures).as("REST failures through a %s switch", store.label())
                .allSatisfy(f -> assertThat(f.status() + " " + f.detail()).startsWith("503")
                        .contains("writes blocked for more than"));
        String restPrefix = TestDevices.id("device", restDevice) + "/";
        int expected = devices.size() * perDevice;
        await(expected + " events of " + tenant + " stored", () -> mqttEvents(tenant, restPrefix).size() >= expected);
        assertThat(mqttEvents(tenant, restPrefix)).hasSize(expected);
        assertThat(sandbox.routing().siteOf(tenant, store)).isEqualTo("edge");
    }

    private static Set<String> mqttEvents(String tenant, String restPrefix) {
        Set<String> keys = storedEvents(tenant);
        keys.removeIf(k -> k.startsWith(restPrefix));
        return keys;
    }

    @Test
    void aWriteHeldLongerThanAllowedIsRecordedAndRetriedNeverLost() throws Exception {
        String tenant = "held";
        sandbox.createTenant(tenant, "cloud");
        for (int d = 0; d < 5; d++) {
            TestDevices.create(sandbox.siteEndpoints("cloud"), tenant, "held-" + d, true);
        }
        PipelineStats stats = sandbox.pipeline().stats(tenant);
        long base = 1_710_000_000_000L;
        for (int seq = 1; seq <= 10; seq++) {
            for (int d = 0; d < 5; d++) {
                probe.publish("SiteWhere/" + tenant + "/input/json", MqttProbe.measurement("held-" + d, seq, base + seq))
                        .waitForCompletion(10_000);
            }
        }
        await("first events stored", () -> storedEvents(tenant).size() == 50);
        long failuresBefore = stats.get(PipelineStats.Counter.WRITE_FAILURES);
        try (TenantRouting.WriteBlock ignored = sandbox.routing().blockWrites(tenant, Store.INFLUXDB,
                Duration.ofMillis(100))) {
            for (int seq = 11; seq <= 20; seq++) {
                for (int d = 0; d < 5; d++) {
                    probe.publish("SiteWhere/" + tenant + "/input/json",
                            MqttProbe.measurement("held-" + d, seq, base + seq)).waitForCompletion(10_000);
                }
            }
            await("held writes recorded as failures", () -> stats.get(PipelineStats.Counter.WRITE_FAILURES)
                    - failuresBefore >= 2);
            assertThat(storedEvents(tenant)).hasSize(50);
        }
        await("every held event stored after the block", () -> storedEvents(tenant).size() == 100);
    }

    /**
     * The hostile payloads, published as a device would: an alert type with a newline, a value of 1e400, a
     * date beyond 2262 and a metadata key with a newline are refused by the decoder; an event InfluxDB refuses (a
     * field type conflict) and an unwritable event put straight on inbound-events are dead-lettered with their
     * reason. The tenant's events sent before, between and after are all stored — nothing wedges.
     */
    @Test
    void hostilePayloadsAreRefusedOrDeadLetteredAndLaterEventsStored() throws Exception {
        String tenant = "hostile";
        sandbox.createTenant(tenant, "cloud");
        SiteEndpoints cloud = sandbox.siteEndpoints("cloud");
        TestDevices.create(cloud, tenant, "h-1", true);
        // An earlier writer made meta:clash an integer in the events' shard (field types are per shard): a string
        // value for it is a 400 "field type conflict".
        new InfluxClient(cloud.influxUrl(), INFLUX_TIMEOUT).write("tenant_" + tenant,
                List.of("events,device=seed meta:clash=1i 1710000000000"), "ms");
        PipelineStats stats = sandbox.pipeline().stats(tenant);
        String input = "SiteWhere/" + tenant + "/input/json";
        String head = "{\"deviceToken\":\"h-1\",";
        List<String> payloads = List.of(
                MqttProbe.measurement("h-1", 1, 1_710_000_000_001L),
                head + "\"type\":\"DeviceAlert\",\"request\":{\"type\":\"engine\\noverheat\",\"message\":\"m\","
                        + "\"metadata\":{\"seq\":\"2\"}}}",
                head + "\"type\":\"DeviceMeasurement\",\"request\":{\"name\":\"t\",\"value\":1e400,"
                        + "\"metadata\":{\"seq\":\"3\"}}}",
                head + "\"type\":\"DeviceMeasurement\",\"request\":{\"name\":\"t\",\"value\":1,"
                        + "\"eventDate\":99999999999999,\"metadata\":{\"seq\":\"4\"}}}",
                head + "\"type\":\"DeviceMeasurement\",\"request\":{\"name\":\"t\",\"value\":1,"
                        + "\"metadata\":{\"seq\":\"5\",\"a\\nb\":\"x\"}}}",
                head + "\"type\":\"DeviceMeasurement\",\"request\":{\"name\":\"t\",\"value\":1,"
                        + "\"eventDate\":1710000000006,\"metadata\":{\"seq\":\"6\",\"clash\":\"text\"}}}",
                MqttProbe.measurement("h-1", 7, 1_710_000_000_007L));
        for (String payload : payloads) {
            probe.publish(input, payload).waitForCompletion(10_000);
        }
        try {
            await("events around the hostile ones stored", () -> storedEvents(tenant).size() == 2);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; stored " + storedEvents(tenant) + ", " + stats, e);
        }
        // Past the decoder (e.g. an older emulator's topic): the persistence stage must not retry it forever.
        SiteWhereNames topics = new SiteWhereNames(tenant);
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(cloud.kafkaBootstrap(), "it-hostile")) {
            String device = TestDevices.id("device", "h-1").toString();
            String event = "{\"context\":{},\"event\":{\"id\":\"" + java.util.UUID.randomUUID()
                    + "\",\"eventType\":\"Alert\",\"deviceId\":\"" + device + "\",\"deviceAssignmentId\":\""
                    + TestDevices.id("assignment", "h-1") + "\",\"eventDate\":1710000000008,\"receivedDate\":1,"
                    + "\"metadata\":{\"seq\":\"8\"},\"type\":\"engine\\noverheat\",\"source\":\"Device\"}}";
            producer.send(new ProducerRecord<>(topics.inboundEventsTopic(), device,
                    event.getBytes(StandardCharsets.UTF_8))).get();
        }
        probe.publish(input, MqttProbe.measurement("h-1", 9, 1_710_000_000_009L)).waitForCompletion(10_000);
        await("the event after the dead letters stored", () -> storedEvents(tenant).size() == 3);
        await("dead letters counted", () -> stats.get(PipelineStats.Counter.DEAD_LETTERED) == 2);

        String device = TestDevices.id("device", "h-1").toString();
        assertThat(storedEvents(tenant)).containsExactlyInAnyOrder(device + "/1", device + "/7", device + "/9");
        assertThat(stats.get(PipelineStats.Counter.FAILED_DECODE)).isEqualTo(4);
        assertThat(stats.deadLetters()).containsExactlyInAnyOrderEntriesOf(
                Map.of("refused-by-store", 1L, "unwritable-point", 1L));
        List<ConsumerRecord<String, byte[]>> dead = readAll(cloud.kafkaBootstrap(), topics.deadLetterEventsTopic());
        assertThat(dead).extracting(r -> new String(r.headers().lastHeader("contmig.reason").value(),
                StandardCharsets.UTF_8)).containsExactlyInAnyOrder("refused-by-store", "unwritable-point");
        assertThat(dead).extracting(r -> JSON.readTree(r.value()).path("event").path("metadata").path("seq").asText())
                .containsExactlyInAnyOrder("6", "8");
    }

    static List<Store> wellKnownStores() {
        return Store.WELL_KNOWN;
    }

    private static void switchUnderLoad(String tenant, Store store) throws Exception {
        if (store.equals(Store.PIPELINE)) {
            sandbox.routing().switchSite(tenant, store, "edge");
        } else if (store.equals(Store.POSTGRESQL)) {
            try (TenantRouting.WriteBlock ignored = sandbox.routing().blockWrites(tenant, store,
                    Duration.ofSeconds(10))) {
                sandbox.routing().switchSite(tenant, store, "edge");
            }
        } else if (store.equals(Store.INFLUXDB)) {
            sandbox.routing().startDualWrite(tenant, store, "edge");
            try (TenantRouting.WriteBlock ignored = sandbox.routing().blockWrites(tenant, store,
                    Duration.ofSeconds(10))) {
                sandbox.routing().switchSite(tenant, store, "edge");
            }
            sandbox.routing().stopDualWrite(tenant, store);
        } else if (store.equals(Store.KAFKA)) {
            try (TenantRouting.WriteBlock ignored = sandbox.routing().blockWrites(tenant, store,
                    Duration.ofSeconds(30))) {
                mirror(tenant, sandbox.siteEndpoints("cloud").kafkaBootstrap(),
                        sandbox.siteEndpoints("edge").kafkaBootstrap());
                sandbox.routing().switchSite(tenant, store, "edge");
            }
        } else {
            throw new AssertionError(store);
        }
    }

    /**
     * What a Kafka migration does at cutover, reduced to its essence: copies every record of the tenant's topics
     * to the same partitions of the (empty) target cluster — so offsets are identical — and the groups' committed
     * offsets with them.
     */
    private static void mirror(String tenant, String from, String to) throws Exception {
        SiteWhereNames topics = new SiteWhereNames(tenant);
        KafkaClients.ensureTopics(to, topics.topics());
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(to, "it-mirror")) {
            for (String topic : topics.topics()) {
                for (ConsumerRecord<String, byte[]> r : readAll(from, topic)) {
                    producer.send(new ProducerRecord<>(topic, r.partition(), r.key(), r.value()));
                }
            }
            producer.flush();
        }
        try (Admin source = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, from));
             Admin target = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, to))) {
            for (String group : topics.groups()) {
                Map<TopicPartition, OffsetAndMetadata> offsets =
                        source.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                if (!offsets.isEmpty()) {
                    target.alterConsumerGroupOffsets(group, offsets).all().get();
                }
            }
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = KafkaClients.consumer(bootstrap, "it-reader-" + System.nanoTime(),
                "it-reader")) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("reading %s in time", topic).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    /** Distinct {@code device/seq} of the tenant's stored events, over both sites' InfluxDB. */
    private static Set<String> storedEvents(String tenant) {
        Set<String> keys = new HashSet<>();
        for (String site : List.of("cloud", "edge")) {
            try {
                JsonNode answer = new InfluxClient(sandbox.siteEndpoints(site).influxUrl(), INFLUX_TIMEOUT).query(
                        "tenant_" + tenant,
                        "SELECT \"meta:seq\" FROM events GROUP BY device");
                for (JsonNode series : answer.path("results").path(0).path("series")) {
                    String device = series.path("tags").path("device").asText();
                    for (JsonNode value : series.path("values")) {
                        keys.add(device + "/" + value.path(1).asText());
                    }
                }
            } catch (java.io.IOException e) {
                if (!e.getMessage().contains("database not found")) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return keys;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
