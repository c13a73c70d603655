package io.contmig.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresServerIT {
    private static PostgresServer server;

    @BeforeAll
    static void start() {
        server = new PostgresServer(PostgresServer.Options.defaults("pg-it", TestDirs.dataDir("pg-it"))
                .withRunDir(TestDirs.runDir()));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    @Order(1)
    void answersQueriesWithLogicalWalOnLoopback() throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            s.execute("create table t(id int primary key, v text)");
            s.execute("insert into t values (1, 'a'), (2, 'b')");
            try (ResultSet rs = s.executeQuery("select count(*) from t")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
            assertThat(setting(s, "wal_level")).isEqualTo("logical");
            assertThat(setting(s, "listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(Integer.parseInt(setting(s, "max_replication_slots"))).isGreaterThanOrEqualTo(10);
            assertThat(setting(s, "fsync")).isEqualTo("on");
            assertThat(setting(s, "synchronous_commit")).isEqualTo("on");
        }
        assertThat(server.version()).startsWith("PostgreSQL ");
        int major = Integer.parseInt(server.version().split("[ .]")[1]);
        assertThat(major).isGreaterThanOrEqualTo(15);
        assertThat(server.startupTime()).isPositive();
        assertThat(server.residentBytes()).isGreaterThan(1024 * 1024);
        assertThat(Files.exists(TestDirs.runDir().resolve("pg-it.pid"))).isTrue();
    }

    @Test
    @Order(2)
    void throughADelayProxyASelectTakesBothOneWayDelays() throws SQLException {
        // The fastest of several round trips: never below the configured delays, and close to them on top of the
        // direct round trip (the median would also carry the scheduling noise of a busy machine).
        double direct = fastestSelectMillis(server.jdbcUrl());
        try (DelayProxy proxy = DelayProxy.start(server.port(), Duration.ofMillis(20))) {
            String viaProxy = "jdbc:postgresql://" + proxy.host() + ":" + proxy.port() + "/postgres";
            double delayed = fastestSelectMillis(viaProxy);
            // Generous upper bounds: on a machine shared by several builds a thread wake-up can take milliseconds.
            assertThat(delayed).isBetween(40.0, direct + 60.0);
            proxy.setDelays(Duration.ofMillis(5));
            // Below 40 ms: the smaller delay took effect on the open connection.
            assertThat(fastestSelectMillis(viaProxy)).isBetween(10.0, direct + 29.0);
            System.out.printf(java.util.Locale.ROOT, "select 1: direct %.2f ms, through 20 ms each way %.2f ms%n",
                    direct, delayed);
        }
    }

    @Test
    @Order(3)
    void rejectsAWrongPassword() {
        assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), server.user(), "wrong").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    @Order(4)
    void restartKeepsDataAndPortAndCloseLeavesNoProcess() throws SQLException {
        long pid = server.pid();
        int port = server.port();
        server.start(); // idempotent while running
        assertThat(server.pid()).isEqualTo(pid);
        server.close();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Files.exists(TestDirs.runDir().resolve("pg-it.pid"))).isFalse();
        server.close(); // idempotent
        server.start();
        assertThat(server.port()).isEqualTo(port);
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from t")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    @Order(5)
    void leftoversOfAKilledServerAreCleanedUp() {
        RunningProcess postmaster = server.running();
        postmaster.kill();
        assertThat(postmaster.awaitExit(Duration.ofSeconds(10))).isTrue();
        List<String> actions = PidFiles.cleanLeftovers(TestDirs.runDir());
        assertThat(actions).contains("deleted " + server.dataDir(), "removed pid file pg-it.pid");
        assertThat(Files.exists(server.dataDir())).isFalse();
        server.close(); // the launcher copes with its process being gone
    }

    /** Fastest of 25 {@code select 1} round trips on one connection (after a warm-up query). */
    private static double fastestSelectMillis(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, server.user(), server.password());
             Statement s = c.createStatement()) {
            s.execute("select 1");
            double[] millis = new double[25];
            for (int i = 0; i < millis.length; i++) {
                long t0 = System.nanoTime();
                try (ResultSet rs = s.executeQuery("select 1")) {
                    rs.next();
                }
                millis[i] = (System.nanoTime() - t0) / 1e6;
            }
            return java.util.Arrays.stream(millis).min().orElseThrow();
        }
    }

    private static String setting(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
