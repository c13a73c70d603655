package io.contmig.sitewhere;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineProtocolSyntaxTest {

    @Test
    void escapesWhatInfluxUnescapesAndKeepsOtherBackslashes() {
        assertThat(LineProtocolSyntax.key("engine overheat,=x")).isEqualTo("engine\\ overheat\\,\\=x");
        assertThat(LineProtocolSyntax.key("p\\q")).isEqualTo("p\\q");
        assertThat(LineProtocolSyntax.measurement("a b,c=d")).isEqualTo("a\\ b\\,c=d");
        assertThat(LineProtocolSyntax.stringField("say \"hi\" \\ bye\nnext")).isEqualTo("\"say \\\"hi\\\" \\\\ bye\nnext\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"engine\noverheat", "cr\r", "tab\t", "nul\u0000", "end\\", "x\\\\", "x\\,y", "x\\ y", "x\\=y", ""})
    void refusesKeysInfluxCannotReadBack(String key) {
        assertThat(LineProtocolSyntax.keyProblem(key)).isPresent();
        assertThatThrownBy(() -> LineProtocolSyntax.key(key)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be written as InfluxDB line protocol");
    }

    @Test
    void refusesNonFiniteFloatsAndTimesOutsideInfluxsRange() {
        assertThat(LineProtocolSyntax.floatField(21)).isEqualTo("21");
        assertThat(LineProtocolSyntax.floatField(170.5)).isEqualTo("170.5");
        assertThat(LineProtocolSyntax.floatField(1e20)).isEqualTo("1.0E20");
        assertThatThrownBy(() -> LineProtocolSyntax.floatField(Double.POSITIVE_INFINITY))
                .hasMessageContaining("not finite");
        assertThatThrownBy(() -> LineProtocolSyntax.floatField(Double.NaN)).hasMessageContaining("not finite");
        assertThat(LineProtocolSyntax.nanosOfMillis(LineProtocolSyntax.MAX_MILLIS)).isLessThanOrEqualTo(LineProtocolSyntax.MAX_NANOS);
        assertThat(LineProtocolSyntax.nanosOfMillis(LineProtocolSyntax.MIN_MILLIS)).isGreaterThanOrEqualTo(LineProtocolSyntax.MIN_NANOS);
        assertThatThrownBy(() -> LineProtocolSyntax.nanosOfMillis(LineProtocolSyntax.MAX_MILLIS + 1))
                .hasMessageContaining("outside InfluxDB's range");
        assertThatThrownBy(() -> LineProtocolSyntax.millis(Long.MIN_VALUE)).hasMessageContaining("outside");
    }
}
