package io.contmig.record;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the run record's readers: whatever bytes {@code timeline.jsonl} or {@code latency.hlog}
 * hold (a line torn by a killed writer, a corrupt histogram, another tool's record), reading either yields marks and
 * intervals with finite times, or throws an {@link IOException} whose message starts with {@code <file>:<line>: } —
 * never another exception, never a record that cannot be used. Every {@code mvn test} replays the corpus in
 * {@code src/test/resources/io/contmig/record/RecordReadersFuzzTestInputs/<method>/}; to fuzz one method, from the
 * repository root:
 * {@code JAZZER_FUZZ=1 mvn -pl load-model -am test -Dtest='RecordReadersFuzzTest#aTimelineIsMarksOrALocatedError' -Dsurefire.failIfNoSpecifiedTests=false -Djazzer.max_duration=10m}.
 */
class RecordReadersFuzzTest {

    private static final Path DIR = directory();

    private static Path directory() {
        try {
            Path dir = Files.createTempDirectory("contmig-record-fuzz");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void aTimelineIsMarksOrALocatedError(byte[] content) throws IOException {
        Path file = write("timeline.jsonl", content);
        try {
            for (Mark mark : RunRecord.readMarks(file)) {
                assertThat(Double.isFinite(mark.tMs())).as("t of %s", mark).isTrue();
            }
        } catch (IOException refused) {
            assertLocated(refused, file);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void anIntervalLogIsIntervalsOrALocatedError(byte[] content) throws IOException {
        Path file = write("latency.hlog", content);
        try {
            new IntervalLogReader(file).forEach((tag, startMillis, endMillis, histogram) -> {
                assertThat(tag).isNotNull();
                assertThat(Double.isFinite(startMillis) && Double.isFinite(endMillis) && endMillis >= startMillis)
                        .as("interval %s..%s", startMillis, endMillis).isTrue();
                assertThat(histogram.getTotalCount()).isNotNegative();
            });
        } catch (IOException refused) {
            assertLocated(refused, file);
        }
    }

    private static Path write(String name, byte[] content) throws IOException {
        Path file = DIR.resolve(name);
        Files.write(file, content);
        file.toFile().deleteOnExit();
        return file;
    }

    /** The message names the file and the line: {@code <file>:<line>: <what is wrong>}. */
    private static void assertLocated(IOException refused, Path file) {
        assertThat(refused.getMessage()).as("message of %s", refused)
                .matches(Pattern.quote(file.toString()) + ":[1-9][0-9]*: \\S(?s).*");
    }
}
