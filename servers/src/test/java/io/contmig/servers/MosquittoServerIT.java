package io.contmig.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import io.contmig.target.Login;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MosquittoServerIT {
    private static final Login LOGIN = Login.random("contmig");
    private static MosquittoServer server;

    @BeforeAll
    static void start() {
        server = new MosquittoServer(MosquittoServer.Options.defaults("mqtt-it", TestDirs.dataDir("mqtt-it"))
                .withRunDir(TestDirs.runDir()).withLogin(LOGIN));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void deliversAPublishToASubscriber() throws MqttException, InterruptedException {
        BlockingQueue<String> received = new ArrayBlockingQueue<>(10);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setUserName(LOGIN.user());
        options.setPassword(LOGIN.password().toCharArray());
        MqttClient subscriber = new MqttClient(server.url(), "sub", new MemoryPersistence());
        MqttClient publisher = new MqttClient(server.url(), "pub", new MemoryPersistence());
        try {
            subscriber.connect(options);
            subscriber.subscribe("SiteWhere/acme/input/json", 1,
                    (topic, message) -> received.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8)));
            publisher.connect(options);
            publisher.publish("SiteWhere/acme/input/json", "{\"seq\":\"1\"}".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("SiteWhere/acme/input/json={\"seq\":\"1\"}");
        } finally {
            disconnect(publisher);
            disconnect(subscriber);
        }
    }

    @Test
    void rawHandshakeAnswersAndStatsAreMeasured() throws Exception {
        MqttHandshake.connect(server.host(), server.port(), "raw", LOGIN, Duration.ofSeconds(2));
        assertThat(server.startupTime()).isPositive();
        assertThat(server.residentBytes()).isGreaterThan(100 * 1024);
        assertThat(Files.isExecutable(server.binary())).isTrue();
    }

    @Test
    void anAnonymousOrWrongLoginIsRefusedAndTheRightOneAccepted() throws Exception {
        assertThat(MqttHandshake.connackCode(server.host(), server.port(), "anon", Login.NONE, Duration.ofSeconds(2)))
                .isEqualTo(MqttHandshake.NOT_AUTHORIZED);
        assertThat(MqttHandshake.connackCode(server.host(), server.port(), "wrong",
                new Login(LOGIN.user(), LOGIN.password() + "x"), Duration.ofSeconds(2)))
                .isEqualTo(MqttHandshake.NOT_AUTHORIZED);
        assertThat(MqttHandshake.connackCode(server.host(), server.port(), "right", LOGIN, Duration.ofSeconds(2)))
                .isZero();
        MqttClient paho = new MqttClient(server.url(), "paho-anon", new MemoryPersistence());
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> paho.connect(new MqttConnectOptions()))
                    .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                            .isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
        } finally {
            paho.close();
        }
    }

    @Test
    void thePasswordIsOnNoCommandLineAndItsFilesAreOwnerOnly() throws Exception {
        assertThat(Posix.cmdline(server.pid())).doesNotContain(LOGIN.password());
        for (String file : java.util.List.of("passwd", "mosquitto.conf")) {
            java.nio.file.Path path = server.dataDir().resolve(file);
            assertThat(Files.readString(path)).doesNotContain(LOGIN.password());
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path)))
                    .as(file).isEqualTo("rw-------");
        }
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(server.dataDir()))).isEqualTo("rwx------");
        assertThat(Files.readString(server.dataDir().resolve("mosquitto.conf"))).contains("allow_anonymous false");
    }

    @Test
    void stopLeavesNoProcessAndRestartServesAgain() throws Exception {
        long pid = server.pid();
        server.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Files.exists(TestDirs.runDir().resolve("mqtt-it.pid"))).isFalse();
        server.start();
        MqttHandshake.connect(server.host(), server.port(), "raw2", LOGIN, Duration.ofSeconds(2));
    }

    @Test
    void aSecondInstanceUnderTheSameNameIsRefusedWhileTheFirstRuns() {
        MosquittoServer twin = new MosquittoServer(MosquittoServer.Options.defaults("mqtt-it", server.dataDir())
                .withRunDir(TestDirs.runDir()));
        org.assertj.core.api.Assertions.assertThatThrownBy(twin::start)
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("server mqtt-it is already running (pid " + server.pid());
        assertThat(server.isRunning()).isTrue();
    }

    private static void disconnect(MqttClient client) throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
