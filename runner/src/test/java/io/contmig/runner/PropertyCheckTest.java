package io.contmig.runner;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PropertyCheckTest {

    @Test
    void aMisspeltScenarioKeyNamesTheClosestOne() {
        assertThat(PropertyCheck.problems(List.of("contmig.duraton")))
                .containsExactly("contmig.duraton: unknown property (did you mean contmig.duration?)");
    }

    @Test
    void aMisspeltParameterNamesTheClosestOne() {
        assertThat(PropertyCheck.problems(List.of("contmig.scenaro")))
                .containsExactly("contmig.scenaro: unknown property (did you mean contmig.scenario?)");
        assertThat(PropertyCheck.problems(List.of("contmig.runid")))
                .containsExactly("contmig.runid: unknown property (did you mean contmig.runId?)");
    }

    @Test
    void aMisspeltFirstSegmentKeepsTheRestOfThePath() {
        assertThat(PropertyCheck.problems(List.of("contmig.tenant.acme.devices")))
                .containsExactly("contmig.tenant.acme.devices: unknown property (did you mean contmig.tenants.acme.devices?)");
    }

    @Test
    void nothingCloseListsWhatIsKnown() {
        assertThat(PropertyCheck.problems(List.of("contmig.xyzzyplugh"))).singleElement().asString()
                .startsWith("contmig.xyzzyplugh: unknown property (neither a goal parameter (contmig.scenario, ")
                .contains("nor a scenario path (contmig.<name|seed|duration|");
    }

    @Test
    void parametersAndScenarioPathsPass() {
        assertThat(PropertyCheck.problems(List.of("contmig.scenario", "contmig.runId", "contmig.failOnUnknown",
                "contmig.list", "contmig.jvmArgs", "contmig.skipITs", "contmig.duration", "contmig.tenants[0].devices",
                "contmig.injections.move-acme-postgres.at", "contmig.load.mqtt.qos"))).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnceAndNothingStarts() {
        Properties properties = new Properties();
        properties.setProperty("contmig.duraton", "90s");
        properties.setProperty("contmig.scenaro", "x.yaml");
        properties.setProperty("user.dir", "/ignored");
        assertThatThrownBy(() -> PropertyCheck.check(properties)).isInstanceOf(ContmigException.class)
                .hasMessage("contmig.duraton: unknown property (did you mean contmig.duration?)\n"
                        + "contmig.scenaro: unknown property (did you mean contmig.scenario?)");
    }

    @Test
    void theRunnerRefusesAMisspeltPropertyBeforeRunningTheCommand() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setProperty("contmig.duraton", "90s");
        try {
            ExitCode code = Main.run(List.of("plan"), new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).isEqualTo(ExitCode.INVALID_INPUT);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .contains("contmig.duraton: unknown property (did you mean contmig.duration?)");
        } finally {
            System.clearProperty("contmig.duraton");
        }
    }
}
