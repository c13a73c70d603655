package io.contmig.inject.influx;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LineProtocolTest {

    private static final MeasurementSchema EVENTS = new MeasurementSchema("events", Set.of("device", "type"),
            Map.of("mxvalue", "float", "n", "integer", "ok", "boolean", "eid", "string", "meta:seq", "string"));

    @Test
    void keepsTypesTagsAndNanosecondTimes() throws Exception {
        assertThat(encode(Map.of(), List.of("time", "device", "eid", "meta:seq", "mxvalue", "n", "ok", "type"),
                new Object[] {1700000000123456789L, "d 1", "e\"1", "7", 21L, 5L, true, "Measurement"},
                new Object[] {1700000000123456790L, "d,2", null, "8", 21.5, null, null, null})).containsExactly(
                "events,device=d\\ 1,type=Measurement eid=\"e\\\"1\",meta:seq=\"7\",mxvalue=21,n=5i,ok=true 1700000000123456789",
                "events,device=d\\,2 meta:seq=\"8\",mxvalue=21.5 1700000000123456790");
    }

    @Test
    void groupByTagsAreWrittenOncePerSeriesSortedAndWithoutEmptyValues() throws Exception {
        assertThat(encode(Map.of("type", "Measurement", "device", "d=1", "assignment", ""),
                List.of("time", "mxvalue", "x"), new Object[] {10L, 1.5, "s"}, new Object[] {11L, null, null},
                new Object[] {12L, 2L, null})).containsExactly(
                "events,device=d\\=1,type=Measurement mxvalue=1.5,x=\"s\" 10",
                "events,device=d\\=1,type=Measurement mxvalue=2 12");
    }

    @Test
    void handsOverFullBatchesThenTheRest() throws Exception {
        List<LineProtocol.Batch> batches = new ArrayList<>();
        LineProtocol encoder = new LineProtocol(EVENTS, "ns", 2, batches::add);
        encoder.series("events", Map.of("device", "d"), List.of("time", "n"));
        for (long t = 1; t <= 5; t++) {
            encoder.row(new Object[] {t, t});
        }
        assertThat(batches).extracting(LineProtocol.Batch::points).containsExactly(2, 2);
        encoder.finish();
        encoder.finish();
        assertThat(batches).extracting(LineProtocol.Batch::points).containsExactly(2, 2, 1);
        assertThat(lines(batches)).hasSize(5).last().isEqualTo("events,device=d n=5i 5");
    }

    @Test
    void millisecondPrecisionTruncatesTimes() throws Exception {
        List<LineProtocol.Batch> batches = new ArrayList<>();
        LineProtocol encoder = new LineProtocol(EVENTS, "ms", 100, batches::add);
        encoder.series("events", Map.of(), List.of("time", "device", "mxvalue"));
        encoder.row(new Object[] {1700000000123456789L, "d", 1.25});
        encoder.finish();
        assertThat(lines(batches)).containsExactly("events,device=d mxvalue=1.25 1700000000123");
    }

    @Test
    void quotesInfluxQlIdentifiersAndLiterals() {
        assertThat(InfluxQl.identifier("tenant_a\"; DROP DATABASE x")).isEqualTo("\"tenant_a\\\"; DROP DATABASE x\"");
        assertThat(InfluxQl.literal("a'b")).isEqualTo("'a\\'b'");
    }

    /** The lines the encoder writes for one series part (nanosecond precision). */
    private static List<String> encode(Map<String, String> tags, List<String> columns, Object[]... rows)
            throws Exception {
        List<LineProtocol.Batch> batches = new ArrayList<>();
        LineProtocol encoder = new LineProtocol(EVENTS, "ns", 100, batches::add);
        encoder.series("events", tags, columns);
        for (Object[] row : rows) {
            encoder.row(row);
        }
        encoder.finish();
        return lines(batches);
    }

    private static List<String> lines(List<LineProtocol.Batch> batches) {
        return batches.stream().flatMap(b -> Arrays.stream(new String(b.body(), StandardCharsets.UTF_8).split("\n")))
                .toList();
    }
}
