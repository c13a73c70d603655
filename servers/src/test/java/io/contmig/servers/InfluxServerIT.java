package io.contmig.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import io.contmig.target.Login;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InfluxServerIT {
    private static final Login LOGIN = Login.random("contmig");
    private static InfluxServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = new InfluxServer(InfluxServer.Options.defaults("influx-it", TestDirs.dataDir("influx-it"))
                .withRunDir(TestDirs.runDir()).withLogin(LOGIN));
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void writesAndQueriesOverTheV1HttpApi() throws Exception {
        assertThat(query("CREATE DATABASE tenant_acme").statusCode()).isEqualTo(200);
        HttpResponse<String> write = HTTP.send(HttpRequest.newBuilder(
                        URI.create(server.url() + "/write?db=tenant_acme&precision=ms"))
                .header("Authorization", LOGIN.basicAuthorization())
                .POST(HttpRequest.BodyPublishers.ofString(
                        "events,type=Measurement,device=d1 mxname=\"temp\",mxvalue=21.5,meta:seq=\"1\" 1700000000000\n"
                                + "events,type=Measurement,device=d1 mxname=\"temp\",mxvalue=22.5,meta:seq=\"2\" 1700000001000"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(write.statusCode()).as(write.body()).isEqualTo(204);
        HttpResponse<String> read = query("SELECT count(mxvalue), sum(mxvalue) FROM tenant_acme.autogen.events");
        assertThat(read.body()).contains("[\"1970-01-01T00:00:00Z\",2,44]");
    }

    @Test
    void authenticationIsOnAndThePasswordIsOnNoCommandLine() throws Exception {
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=SHOW+DATABASES")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(401);
        HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", new Login(LOGIN.user(), "not-" + LOGIN.password()).basicAuthorization())
                .POST(HttpRequest.BodyPublishers.ofString("q=SHOW+DATABASES")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(401);
        assertThat(query("SHOW DATABASES").statusCode()).isEqualTo(200);
        server.client(Duration.ofSeconds(5)).createDatabase("tenant_auth");
        assertThat(server.client(Duration.ofSeconds(5)).databaseExists("tenant_auth")).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new io.contmig.servers.influx.InfluxClient(
                server.url(), Duration.ofSeconds(5)).databaseExists("tenant_auth")).hasMessageContaining("401");
        assertThat(Posix.cmdline(server.pid())).doesNotContain(LOGIN.password());
        assertThat(Files.readString(server.dataDir().resolve("influxdb.conf"))).contains("auth-enabled = true")
                .doesNotContain(LOGIN.password());
    }

    @Test
    void aRestartKeepsTheAdminAndAuthentication() throws Exception {
        server.close();
        server.start();
        assertThat(query("SHOW USERS").body()).contains(LOGIN.user());
    }

    @Test
    void configKeepsEverythingLocalAndSilent() throws IOException {
        String conf = Files.readString(server.dataDir().resolve("influxdb.conf"));
        assertThat(conf).contains("reporting-disabled = true")
                .contains("bind-address = \"" + server.rpcAddress() + "\"")
                .contains("bind-address = \"127.0.0.1:" + server.httpPort() + "\"");
        assertThat(server.rpcAddress()).isNotEqualTo("127.0.0.1:" + server.httpPort());
        assertThat(server.version()).startsWith("1.");
        assertThat(Files.isExecutable(server.influxd())).isTrue();
        assertThat(server.startupTime()).isPositive();
        assertThat(server.residentBytes()).isGreaterThan(1024 * 1024);
    }

    @Test
    void backupOverTheRpcAddressWorks() throws Exception {
        query("CREATE DATABASE tenant_backup");
        server.client(Duration.ofSeconds(5)).write("tenant_backup", java.util.List.of("events mxvalue=1 1700000000000"),
                "ms");
        var backupDir = server.dataDir().resolve("backup");
        var result = ShortCommand.run(java.util.List.of(server.influxd().toString(), "backup", "-portable",
                "-database", "tenant_backup", "-host", server.rpcAddress(), backupDir.toString()), Duration.ofSeconds(30));
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        try (var files = Files.list(backupDir)) {
            assertThat(files.anyMatch(f -> f.toString().endsWith(".manifest"))).isTrue();
        }
        // Restore speaks RPC as well: authentication on HTTP must not stand in its way.
        var restore = ShortCommand.run(java.util.List.of(server.influxd().toString(), "restore", "-portable",
                "-db", "tenant_backup", "-newdb", "tenant_restored", "-host", server.rpcAddress(),
                backupDir.toString()), Duration.ofSeconds(30));
        assertThat(restore.exitCode()).as(restore.stdout() + restore.stderr()).isZero();
        assertThat(server.client(Duration.ofSeconds(5)).databaseExists("tenant_restored")).isTrue();
    }

    private static HttpResponse<String> query(String q) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/query"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", LOGIN.basicAuthorization())
                .POST(HttpRequest.BodyPublishers.ofString("q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
