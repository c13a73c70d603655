package io.contmig.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerdictCheckTest {

    @TempDir
    Path dir;

    @Test
    void failFailsTheBuildAndPassDoesNot() throws Exception {
        Files.writeString(dir.resolve("verdict.json"), "{\"verdict\":\"FAIL\",\"reasons\":[\"gate x broke\"]}");
        VerdictCheck.Outcome fail = VerdictCheck.read(dir);
        assertThat(fail.failsBuild(true)).isTrue();
        assertThat(fail.failsBuild(false)).isTrue();
        assertThat(fail.describe()).contains("FAIL").contains("gate x broke");

        Files.writeString(dir.resolve("verdict.json"), "{\"verdict\":\"PASS\",\"reasons\":[]}");
        assertThat(VerdictCheck.read(dir).failsBuild(true)).isFalse();
    }

    @Test
    void unknownFailsUnlessTolerated() throws Exception {
        Files.writeString(dir.resolve("verdict.json"), "{\"verdict\":\"UNKNOWN\",\"reasons\":[\"no samples\"]}");
        VerdictCheck.Outcome unknown = VerdictCheck.read(dir);
        assertThat(unknown.failsBuild(true)).isTrue();
        assertThat(unknown.failsBuild(false)).isFalse();
    }

    @Test
    void anAbortedRunIsUnknownAndMarkedAsSuch() throws Exception {
        VerdictCheck.recordAborted(dir, "postgresql on cloud did not start");
        VerdictCheck.Outcome aborted = VerdictCheck.read(dir);
        assertThat(aborted.verdict()).isEqualTo("UNKNOWN");
        assertThat(aborted.aborted()).isTrue();
        assertThat(aborted.describe()).contains("could not run to its end").contains("postgresql on cloud did not start");

        Files.writeString(dir.resolve("verdict.json"), "{\"verdict\":\"UNKNOWN\",\"reasons\":[\"no samples\"]}");
        assertThat(VerdictCheck.read(dir).aborted()).isFalse();
        VerdictCheck.recordAborted(dir.resolve("never-created"), "x");
        assertThat(dir.resolve("never-created")).doesNotExist();
    }

    @Test
    void eachVerdictHasItsOwnExitCodeAndAnAbortedRunAnother() {
        assertThat(ExitCode.ofVerdict("PASS")).isEqualTo(ExitCode.OK);
        assertThat(ExitCode.ofVerdict("FAIL")).isEqualTo(ExitCode.VERDICT_FAIL);
        assertThat(ExitCode.ofVerdict("UNKNOWN")).isEqualTo(ExitCode.VERDICT_UNKNOWN);
        assertThat(java.util.Arrays.stream(ExitCode.values()).map(ExitCode::code)).doesNotHaveDuplicates()
                .containsExactly(0, 1, 2, 3, 4);
        assertThat(ExitCode.of(137)).isEqualTo(ExitCode.RUN_FAILED);
    }

    @Test
    void missingOrMalformedVerdictIsInvalidInputNamingTheFile() throws Exception {
        assertThatThrownBy(() -> VerdictCheck.read(dir))
                .isInstanceOf(ContmigException.class).hasMessageContaining("verdict.json does not exist");
        Files.writeString(dir.resolve("verdict.json"), "{\"verdict\":\"MAYBE\"}");
        assertThatThrownBy(() -> VerdictCheck.read(dir))
                .hasMessageContaining("verdict: expected one of PASS, FAIL, UNKNOWN");
    }

    @Test
    void latestPointsAtTheNewestRun() throws Exception {
        RunDirectories runs = new RunDirectories(dir.resolve("contmig"));
        assertThatThrownBy(() -> runs.resolve(Optional.empty()))
                .hasMessageContaining("contmig.runDir: not set");
        Path run = Files.createDirectories(dir.resolve("contmig/run-1"));
        runs.markLatest(run);
        assertThat(runs.resolve(Optional.empty())).isEqualTo(run.toAbsolutePath().normalize());
        assertThatThrownBy(() -> runs.resolve(Optional.of(dir.resolve("nope"))))
                .hasMessageContaining("is not a directory");
    }
}
