package io.contmig.load.iotlab;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsing serial-aggregator lines and mapping payloads, including malformed input. */
class AggregatorLineTest {

    @Test
    void deviceLinesKeepSemicolonsInThePayloadAndLoseTheCarriageReturn() {
        AggregatorLine line = AggregatorLine.parse("1417708815.199245;m3-7;csv;with;semicolons\r");
        assertThat(line).isEqualTo(new AggregatorLine.Data(1417708815.199245, "m3-7", "csv;with;semicolons"));
    }

    @Test
    void twoFieldLinesAreAggregatorMessages() {
        assertThat(AggregatorLine.parse("1578319670.958905;Aggregator started"))
                .isEqualTo(new AggregatorLine.Control("Aggregator started"));
    }

    @Test
    void malformedLinesSayWhy() {
        assertThat(AggregatorLine.parse("Pressure measure: 9.8E2 mabar"))
                .isEqualTo(new AggregatorLine.Malformed("expected <timestamp>;<node>;<line>, found no ';'"));
        assertThat(AggregatorLine.parse("yesterday;m3-7;hello"))
                .isEqualTo(new AggregatorLine.Malformed("timestamp 'yesterday' is not a number"));
        assertThat(AggregatorLine.parse("-5;m3-7;hello"))
                .isEqualTo(new AggregatorLine.Malformed("timestamp '-5' is not epoch seconds"));
        assertThat(AggregatorLine.parse("1417708815.1; ;hello"))
                .isEqualTo(new AggregatorLine.Malformed("node ' ' is not a node id"));
        assertThat(AggregatorLine.parse("")).isInstanceOf(AggregatorLine.Malformed.class);
    }

    @Test
    void openlabMeasuresAreReadAfterPromptsWithTheirExponent() {
        PayloadMapper mapper = PayloadMapper.openlabAndJson();
        assertThat(mapper.map("Pressure measure: 9.845237E2 mabar"))
                .containsExactly(new PayloadMapper.Reading("pressure", 984.5237));
        assertThat(mapper.map("cmd > Luminosity measure: 4.8828125E-1 lux"))
                .containsExactly(new PayloadMapper.Reading("luminosity", 0.48828125));
        assertThat(mapper.map("Chip temperature measure: 25.5"))
                .containsExactly(new PayloadMapper.Reading("chip.temperature", 25.5));
    }

    @Test
    void jsonLinesGiveOneReadingPerNumberAndBrokenJsonNone() {
        PayloadMapper mapper = PayloadMapper.openlabAndJson();
        assertThat(mapper.map("{\"temperature\":21.5,\"pressure\":980,\"unit\":\"C\"}"))
                .containsExactly(new PayloadMapper.Reading("temperature", 21.5), new PayloadMapper.Reading("pressure", 980));
        // Real firmware prints this (a stray quote): no reading, not an exception.
        assertThat(mapper.map("{\"pressure\":980.5\"}")).isEmpty();
        assertThat(mapper.map("IoT-LAB Simple Demo program")).isEqualTo(List.of());
    }
}
