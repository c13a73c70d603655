package io.contmig.inject.influx;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class LineProtocolTest {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
    private static final MeasurementSchema EVENTS = new MeasurementSchema("events", Set.of("device", "type"),
            Map.of("mxvalue", "float", "n", "integer", "ok", "boolean", "eid", "string", "meta:seq", "string"));

    @Test
    void keepsTypesTagsAndNanosecondTimes() throws Exception {
        var series = JSON.readTree("""
                {"name":"events","columns":["time","device","eid","meta:seq","mxvalue","n","ok","type"],
                 "values":[[1700000000123456789,"d 1","e\\"1","7",21,5,true,"Measurement"],
                           [1700000000123456790,"d,2",null,"8",21.5,null,null,null]]}""");
        assertThat(LineProtocol.lines(series, EVENTS, "ns")).containsExactly(
                "events,device=d\\ 1,type=Measurement eid=\"e\\\"1\",meta:seq=\"7\",mxvalue=21,n=5i,ok=true 1700000000123456789",
                "events,device=d\\,2 meta:seq=\"8\",mxvalue=21.5 1700000000123456790");
    }

    @Test
    void millisecondPrecisionTruncatesTimes() throws Exception {
        var series = JSON.readTree("""
                {"name":"events","columns":["time","device","mxvalue"],"values":[[1700000000123456789,"d",1.25]]}""");
        assertThat(LineProtocol.lines(series, EVENTS, "ms")).containsExactly("events,device=d mxvalue=1.25 1700000000123");
    }

    @Test
    void quotesInfluxQlIdentifiersAndLiterals() {
        assertThat(InfluxQl.identifier("tenant_a\"; DROP DATABASE x")).isEqualTo("\"tenant_a\\\"; DROP DATABASE x\"");
        assertThat(InfluxQl.literal("a'b")).isEqualTo("'a\\'b'");
    }
}
