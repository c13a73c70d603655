package io.contmig.sandbox.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.contmig.servers.InfluxServer;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.servers.influx.InfluxWriteException;
import io.contmig.sitewhere.LineProtocolSyntax;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link LineProtocolSyntax} against a real influxd: what it accepts is stored exactly as given. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LineProtocolRoundTripIT {

    private static InfluxServer server;
    private static InfluxClient client;

    @BeforeAll
    static void start() {
        Path base = Path.of("target", "it-line-protocol", Long.toString(ProcessHandle.current().pid()))
                .toAbsolutePath();
        server = new InfluxServer(InfluxServer.Options.defaults("line-protocol-it", base.resolve("influx"))
                .withRunDir(base.resolve("run")));
        server.start();
        client = new InfluxClient(server.url(), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * Every hostile tag value, field key and string the syntax accepts is stored exactly as given (read back
     * unchanged): no writer sends a line that fails or stores a value it did not mean. (What it refuses is refused
     * conservatively, e.g. a tab, which InfluxDB would store.)
     */
    @Test
    void whatTheLineProtocolSyntaxAcceptsIsStoredExactly() throws Exception {
        client.createDatabase("hostile");
        List<String> candidates = List.of("plain", "engine overheat", "a,b=c d", "p\\q", "p\\\\q", "\\lead",
                "quote\"d", "line\nbreak", "end\\", "x\\,y", "x\\ y", "x\\=y", "x\\\\", "uni\u00e9\u4e2d");
        int time = 0;
        int accepted = 0;
        for (String text : candidates) {
            time++;
            if (LineProtocolSyntax.keyProblem(text).isPresent()) {
                continue;
            }
            accepted++;
            String line = "hostile,tag=" + LineProtocolSyntax.key(text) + " " + LineProtocolSyntax.key("k " + text)
                    + "=" + LineProtocolSyntax.stringField(text + "\"\\\n") + " " + time;
            assertThat(storedAsIs(line, time, "tag", text)).as("tag %s", text).isTrue();
            assertThat(storedAsIs(line, time, "k " + text, text + "\"\\\n")).as("field of %s", text).isTrue();
        }
        assertThat(accepted).isEqualTo(8);
    }

    /** Whether writing {@code line} stores {@code expected} in {@code column} of the point at {@code time}. */
    private static boolean storedAsIs(String line, int time, String column, String expected) throws IOException {
        try {
            client.write("hostile", List.of(line), "ns");
        } catch (InfluxWriteException e) {
            return false;
        }
        JsonNode series = client.query("hostile", "SELECT * FROM hostile WHERE time = " + time)
                .path("results").path(0).path("series").path(0);
        List<String> names = new ArrayList<>();
        series.path("columns").forEach(c -> names.add(c.asText()));
        return names.contains(column) && series.path("values").path(0).path(names.indexOf(column)).asText()
                .equals(expected);
    }
}
