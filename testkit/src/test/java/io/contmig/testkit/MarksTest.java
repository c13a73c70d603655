package io.contmig.testkit;

import io.contmig.record.ManualRunClock;
import io.contmig.record.MarkKind;
import io.contmig.record.TimelineWriter;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MarksTest {

    private final ManualRunClock clock = new ManualRunClock();
    private final TimelineWriter timeline = new TimelineWriter(new StringWriter(), clock);

    private void phase(String injection, String phase) {
        timeline.mark(MarkKind.INJECTION_PHASE, injection, Map.of("injection", injection, "phase", phase));
    }

    @Test
    void readsPhasesKindsAndPhaseStartsPerInjection() {
        timeline.mark(MarkKind.INJECTION_STARTED, "a", Map.of("injection", "a"));
        phase("a", "copy");
        clock.advance(Duration.ofMillis(250));
        phase("b", "copy");
        phase("a", "cutover");

        assertThat(Marks.phases(timeline.marks(), "a")).containsExactly("copy", "cutover");
        assertThat(Marks.kinds(timeline.marks())).containsExactly("injection-started", "injection-phase",
                "injection-phase", "injection-phase");
        assertThat(Marks.phaseStartMs(timeline.marks(), "a", "cutover")).isEqualTo(250.0);
        assertThatThrownBy(() -> Marks.phaseStartMs(timeline.marks(), "a", "cleanup"))
                .hasMessage("injection 'a' never entered phase 'cleanup' (phases: [copy, cutover])");
    }

    @Test
    void aPhaseHookThatThrowsFailsTheAnnouncementAfterTheMarkIsWritten() {
        timeline.addListener(Marks.onPhase("cutover", () -> {
            throw new InjectedFault("cutover");
        }));
        phase("a", "copy");
        assertThatThrownBy(() -> phase("a", "cutover")).isInstanceOf(InjectedFault.class)
                .hasMessage("injected fault at cutover");
        assertThat(Marks.phases(timeline.marks(), "a")).containsExactly("copy", "cutover");
    }
}
