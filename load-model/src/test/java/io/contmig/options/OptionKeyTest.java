package io.contmig.options;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionKeyTest {

    static final OptionKey<Duration> LAG = OptionKey.duration("lagThreshold").defaultValue(Duration.ofMillis(500))
            .min(Duration.ZERO).doc("Lag at which the cutover starts.");
    static final OptionKey<Integer> WORKERS = OptionKey.integer("copyWorkers").defaultValue(0).min(0).max(16);
    static final OptionKey<Long> RATE = OptionKey.longValue("rowsPerSecond").defaultValue(0L);
    static final OptionKey<String> MODE = OptionKey.oneOf("mode", "a", "b").defaultValue("a");
    static final OptionKey<Boolean> DROP = OptionKey.bool("dropSource").defaultValue(false);

    @Test
    void oneDeclarationGivesTheSpecAndTheTypedValue() {
        List<String> problems = new ArrayList<>();
        OptionValues values = OptionValues.validate("o", Map.of("lagThreshold", "2s", "copyWorkers", "4", "mode", "b"),
                OptionKey.specs(LAG, WORKERS, RATE, MODE, DROP), problems);

        assertThat(problems).isEmpty();
        assertThat(values.get(LAG)).isEqualTo(Duration.ofSeconds(2));
        assertThat(values.get(WORKERS)).isEqualTo(4);
        assertThat(values.get(RATE)).isZero();
        assertThat(values.get(MODE)).isEqualTo("b");
        assertThat(values.get(DROP)).isFalse();
        assertThat(LAG.spec().describe()).isEqualTo("lagThreshold (duration, default 500ms): Lag at which the cutover starts.");
    }

    @Test
    void theKeysValidationIsTheSpecs() {
        List<String> problems = new ArrayList<>();
        OptionValues.validate("o", Map.of("copyWorkers", "17"), OptionKey.specs(WORKERS), problems);
        assertThat(problems).containsExactly("o.copyWorkers: 17 must be <= 16");
    }

    @Test
    void aKeyNotAmongTheValidatedSpecsFailsNamingTheKnownOnes() {
        OptionValues values = OptionValues.validate("o", Map.of(), OptionKey.specs(LAG), new ArrayList<>());
        assertThatThrownBy(() -> values.get(WORKERS)).hasMessageContaining("no option 'copyWorkers'");
    }

    @Test
    void catalogDerivesKindsStoresAndMechanismsFromAliases() {
        InjectorCatalog catalog = InjectorCatalog.of(List.of(
                new InjectorDescription("postgresql/stop-and-copy", List.of(PhaseSpec.of("copy", "copies")), List.of()),
                new InjectorDescription("sample/noop-copy", List.of(), List.of()),
                new InjectorDescription("placement/sandbox-site", List.of(), List.of()),
                new InjectorDescription("fault/partition", List.of(), List.of())));

        assertThat(catalog.groups(InjectorDescription.MIGRATION)).containsExactly("postgresql", "sample");
        assertThat(catalog.mechanisms("placement")).containsExactly("sandbox-site");
        assertThat(catalog.byAlias("fault/partition").orElseThrow().kind()).isEqualTo("fault");
        assertThat(catalog.byAlias("postgresql/stop-and-copy").orElseThrow().phaseNames()).containsExactly("copy");
        assertThatThrownBy(() -> InjectorCatalog.of(List.of(new InjectorDescription("a/b", List.of(), List.of()),
                new InjectorDescription("a/b", List.of(), List.of())))).hasMessageContaining("two injectors with alias 'a/b'");
    }
}
