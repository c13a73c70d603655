package io.contmig.servers;

import com.fasterxml.jackson.databind.JsonNode;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.servers.influx.InfluxWriteException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shared InfluxDB 1.x client against a real influxd: every call, and every way a write can fail. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class InfluxClientIT {

    private static InfluxServer server;
    private static InfluxClient client;

    @BeforeAll
    static void start() {
        server = new InfluxServer(InfluxServer.Options.defaults("influx-client-it",
                TestDirs.dataDir("influx-client-it")).withRunDir(TestDirs.runDir()));
        server.start();
        client = new InfluxClient(server.url() + "/", Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void pingsWritesQueriesStreamsAndDrops() throws Exception {
        assertThat(client.ping()).startsWith("1.");
        assertThat(client.debugVars().path("cmdline").path(0).asText()).endsWith("influxd");
        client.createDatabase("tenant_acme");
        client.createDatabase("tenant_acme");
        assertThat(client.databaseExists("tenant_acme")).isTrue();
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            lines.add("events,device=d" + (i % 2) + " mxvalue=" + i + ".5,meta:seq=\"" + i + "\" " + (1_700_000_000_000L + i));
        }
        client.write("tenant_acme", lines, "ms");
        assertThat(client.count("tenant_acme", "SELECT count(mxvalue) FROM events")).isEqualTo(25);
        JsonNode first = client.rows("tenant_acme", "SELECT mxvalue FROM events LIMIT 1").get(0);
        assertThat(first.path(0).asLong()).isEqualTo((1_700_000_000_000L + 1) * 1_000_000L);
        assertThat(client.query("tenant_acme", "SELECT mxvalue FROM events LIMIT 1", "ms")
                .path("results").path(0).path("series").path(0).path("values").path(0).path(0).asLong())
                .isEqualTo(1_700_000_000_000L + 1);

        List<Integer> chunkSizes = new ArrayList<>();
        long[] rows = {0};
        client.stream("tenant_acme", "SELECT \"meta:seq\" FROM events GROUP BY device", 4, series -> {
            chunkSizes.add(series.path("values").size());
            rows[0] += series.path("values").size();
        });
        assertThat(rows[0]).isEqualTo(25);
        assertThat(chunkSizes).allMatch(n -> n <= 4).hasSizeGreaterThan(2);

        // The node-free stream: each series part announced with its tags and columns, then its rows.
        List<String> parts = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        client.streamRows("tenant_acme", "SELECT * FROM events GROUP BY *", 4, new InfluxClient.RowSink() {
            @Override
            public void series(String name, Map<String, String> tags, List<String> columns) {
                parts.add(name + tags + columns);
            }

            @Override
            public void row(Object[] values) {
                seen.add(values[0] + "/" + values[1] + "/" + values[2]);
            }
        });
        assertThat(seen).hasSize(25).contains("1700000000001000000/1/1.5");
        assertThat(parts).hasSizeGreaterThan(6)
                .allMatch(p -> p.startsWith("events{device=d") && p.endsWith("[time, meta:seq, mxvalue]"));

        client.dropDatabase("tenant_acme");
        client.dropDatabase("tenant_acme");
        assertThat(client.databaseExists("tenant_acme")).isFalse();
    }

    @Test
    void aPartialWriteIsSurfacedWithWhatWasDropped() throws Exception {
        client.createDatabase("tenant_partial");
        client.write("tenant_partial", List.of("events,device=d1 mxvalue=1.5 1000"), "ms");
        // A string where the field is a float: InfluxDB keeps the good point and drops the conflicting one.
        assertThatThrownBy(() -> client.write("tenant_partial",
                List.of("events,device=d1 mxvalue=2.5 2000", "events,device=d1 mxvalue=\"text\" 3000"), "ms"))
                .isInstanceOfSatisfying(InfluxWriteException.class, e -> {
                    assertThat(e.partial()).isTrue();
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.points()).isEqualTo(2);
                    assertThat(e.dropped()).hasValue(1);
                    assertThat(e.getMessage()).contains(server.url()).contains("partial write of 2 point(s) to tenant_partial");
                });
        assertThat(client.count("tenant_partial", "SELECT count(mxvalue) FROM events")).isEqualTo(2);
    }

    @Test
    void aRefusedWriteAndAnInfluxQlErrorNameServerAndStatement() throws Exception {
        assertThatThrownBy(() -> client.write("no_such_db", List.of("events v=1 1"), "ms"))
                .isInstanceOfSatisfying(InfluxWriteException.class, e -> {
                    assertThat(e.partial()).isFalse();
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("no_such_db").contains("database not found");
                });
        assertThatThrownBy(() -> client.query("no_such_db", "SELECT * FROM events"))
                .isInstanceOf(IOException.class).hasMessageContaining("SELECT * FROM events")
                .hasMessageContaining("database not found");
        assertThatThrownBy(() -> client.streamRows("no_such_db", "SELECT * FROM events", 10, new InfluxClient.RowSink() {
            @Override
            public void series(String name, Map<String, String> tags, List<String> columns) {
            }

            @Override
            public void row(Object[] values) {
            }
        })).isInstanceOf(IOException.class).hasMessageContaining("SELECT * FROM events")
                .hasMessageContaining("database not found");
        assertThatThrownBy(() -> new InfluxClient("http://127.0.0.1:9", Duration.ofSeconds(2)).ping())
                .isInstanceOf(IOException.class).hasMessageContaining("127.0.0.1:9 unreachable during 'ping'");
    }
}
