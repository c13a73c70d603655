package io.contmig.load.iotlab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.load.testing.HlogSamples;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.servers.MosquittoServer;
import io.contmig.testkit.Await;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The serial bridge from a recorded aggregator log, a TCP stream and a command, to a real Mosquitto. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SerialBridgeIT {

    private static final String LOG = String.join("\n",
            "1578319670.958905;Aggregator started",
            "1417708815.199245;m3-7;Pressure measure: 9.845237E2 mabar",
            "1417708815.299245;m3-8;cmd > Luminosity measure: 4.8828125E-1 lux",
            "garbage without separators",
            "1417708815.399245;m3-7;{\"temperature\":21.5,\"pressure\":980}",
            "1417708815.499245;m3-8;IoT-LAB Simple Demo program",
            "1417708815.599245;m3-99;Pressure measure: 1.0E3 mabar",
            "notatime;m3-7;Pressure measure: 1.0E3 mabar",
            "1417708815.699245;m3-7;{\"pressure\":980.5\"}",
            "1417708815.799245;m3-7;Pressure measure: 9.9E2 mabar",
            "");
    private static final Map<String, String> NODES = Map.of("m3-7", "iotlab-grenoble-m3-7", "m3-8", "iotlab-grenoble-m3-8");

    private static MosquittoServer broker;
    private static URI brokerUri;

    @BeforeAll
    static void startBroker() {
        Path dir = Path.of("target", "it-mqtt").toAbsolutePath();
        broker = new MosquittoServer(MosquittoServer.Options.defaults("device-sim-bridge-it", dir.resolve("bridge"))
                .withRunDir(dir.resolve("run")));
        broker.start();
        brokerUri = URI.create(broker.url());
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void aRecordedLogIsForwardedAsSiteWhereJsonAndBadLinesAreCounted(@TempDir Path dir) throws Exception {
        Path log = Files.writeString(dir.resolve("serial_output"), LOG);
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        MqttClient spy = subscribe(received);
        SampleRecorder recorder = new SampleRecorder();
        RunClock clock = RunClock.startingNow();
        BridgeReport report;
        try (SerialBridge bridge = new SerialBridge(brokerUri, io.contmig.target.Login.NONE, "acme", NODES, PayloadMapper.openlabAndJson(), recorder, clock);
             SerialLineSource source = SerialLineSource.open("file:" + log)) {
            report = bridge.run(source, Duration.ofSeconds(5));
        }
        awaitCount(received, 5);
        spy.disconnect();
        spy.close();

        assertThat(report.replay()).isTrue();
        assertThat(report.lines()).isEqualTo(10);
        assertThat(report.control()).isEqualTo(1);
        assertThat(report.malformed()).isEqualTo(2);
        assertThat(report.examples()).containsExactly(
                "line 4: expected <timestamp>;<node>;<line>, found no ';': garbage without separators",
                "line 8: timestamp 'notatime' is not a number: notatime;m3-7;Pressure measure: 1.0E3 mabar");
        assertThat(report.unknownNodes()).isEqualTo(1);
        assertThat(report.ignored()).isEqualTo(2);
        assertThat(report.published()).isEqualTo(5).isEqualTo(report.acknowledged());
        assertThat(report.describe()).contains("REPLAY").contains("2 malformed");

        assertThat(received).hasSize(5);
        JsonNode first = received.get(0);
        assertThat(first.path("deviceToken").asText()).isEqualTo("iotlab-grenoble-m3-7");
        assertThat(first.path("type").asText()).isEqualTo("DeviceMeasurement");
        assertThat(first.path("request").path("name").asText()).isEqualTo("pressure");
        assertThat(first.path("request").path("value").asDouble()).isEqualTo(984.5237);
        assertThat(first.path("request").path("eventDate").asLong()).isEqualTo(1417708815199L);
        assertThat(first.path("request").path("metadata").path("source").asText()).isEqualTo("iotlab-replay");
        assertThat(first.path("request").path("metadata").path("recvTs").asLong())
                .isGreaterThanOrEqualTo(clock.wallClockAtZero().toEpochMilli());
        // Per device sequence numbers: m3-7 sent pressure, then temperature + pressure (JSON), then pressure.
        assertThat(received.stream().filter(e -> e.path("deviceToken").asText().endsWith("m3-7"))
                .map(e -> e.path("request").path("metadata").path("seq").asText()).toList())
                .containsExactly("1", "2", "3", "4");
        assertThat(HlogSamples.drain(recorder, clock).count("iotlab.publish@acme")).isEqualTo(5);
    }

    @Test
    void linesArriveOverTcpAndFromACommand(@TempDir Path dir) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread feeder = new Thread(() -> {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    out.write(LOG.getBytes(StandardCharsets.UTF_8));
                } catch (Exception ignored) {
                    // The test fails on counts if the feed breaks.
                }
            });
            feeder.start();
            try (SerialBridge bridge = new SerialBridge(brokerUri, io.contmig.target.Login.NONE, "acme", NODES, PayloadMapper.openlabAndJson(),
                    new SampleRecorder(), RunClock.startingNow());
                 SerialLineSource source = SerialLineSource.open("tcp:127.0.0.1:" + server.getLocalPort())) {
                BridgeReport report = bridge.run(source, Duration.ofSeconds(5));
                assertThat(report.replay()).isFalse();
                assertThat(report.acknowledged()).isEqualTo(5);
                assertThat(report.malformed()).isEqualTo(2);
            }
            feeder.join(5_000);
        }
        Path log = Files.writeString(dir.resolve("log"), LOG);
        try (SerialBridge bridge = new SerialBridge(brokerUri, io.contmig.target.Login.NONE, "acme", NODES, PayloadMapper.openlabAndJson(),
                new SampleRecorder(), RunClock.startingNow());
             SerialLineSource source = SerialLineSource.open("cmd:cat " + log + "; echo 'boom' >&2; exit 3")) {
            BridgeReport report = bridge.run(source, Duration.ofSeconds(5));
            assertThat(report.acknowledged()).isEqualTo(5);
            assertThat(report.sourceFailure()).contains("exited with 3").contains("boom");
        }
    }

    @Test
    void unknownSourceFormsAreNamed() {
        assertThatThrownBy(() -> SerialLineSource.open("udp:1.2.3.4:5"))
                .hasMessageContaining("serial source 'udp:1.2.3.4:5' is unknown (expected one of: stdin, file:PATH");
        assertThatThrownBy(() -> SerialLineSource.open("ssh:alice@grenoble.iot-lab.info"))
                .hasMessageContaining("expected ssh:LOGIN@HOST:EXP_ID");
    }

    private static MqttClient subscribe(List<JsonNode> into) throws Exception {
        ObjectMapper json = new ObjectMapper();
        MqttClient spy = new MqttClient(brokerUri.toString(), "bridge-spy-" + System.nanoTime(), new MemoryPersistence());
        spy.connect();
        spy.subscribe("SiteWhere/acme/input/json", 1, (t, m) -> into.add(json.readTree(m.getPayload())));
        return spy;
    }

    private static void awaitCount(List<?> list, int n) throws InterruptedException {
        Await.until(n + " messages at the spy", Duration.ofSeconds(5), () -> list.size() >= n, () -> list.size() + " received");
    }
}
