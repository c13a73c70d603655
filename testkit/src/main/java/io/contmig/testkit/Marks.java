package io.contmig.testkit;

import io.contmig.record.Mark;
import io.contmig.record.MarkKind;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads what a test's timeline recorded ({@code TimelineWriter.marks()}) and hooks actions to phases: the phases
 * an injection announced, the kinds in order, when a phase started. Stateless; thread-safe.
 */
public final class Marks {

    private Marks() {
    }

    /** The phases {@code injection} announced, in order. */
    public static List<String> phases(List<Mark> marks, String injection) {
        return marks.stream().filter(m -> m.is(MarkKind.INJECTION_PHASE))
                .filter(m -> injection.equals(m.attribute("injection"))).map(m -> m.attribute("phase")).toList();
    }

    /** Every mark's kind, in order. */
    public static List<String> kinds(List<Mark> marks) {
        return marks.stream().map(Mark::kind).toList();
    }

    /** The time (ms since t=0) at which {@code injection} entered {@code phase}; fails when it never did. */
    public static double phaseStartMs(List<Mark> marks, String injection, String phase) {
        return marks.stream().filter(m -> m.is(MarkKind.INJECTION_PHASE))
                .filter(m -> injection.equals(m.attribute("injection")) && phase.equals(m.attribute("phase")))
                .mapToDouble(Mark::tMs).findFirst()
                .orElseThrow(() -> new AssertionError("injection '" + injection + "' never entered phase '" + phase
                        + "' (phases: " + phases(marks, injection) + ")"));
    }

    /**
     * A timeline listener that runs {@code action} on the marking thread when any injection enters {@code phase}:
     * what a test uses to kill a server or throw at {@code cutover}. An exception from {@code action} makes the
     * phase announcement (and so the injector) fail, with the timeline line already written.
     */
    public static Consumer<Mark> onPhase(String phase, Runnable action) {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(action, "action");
        return mark -> {
            if (mark.is(MarkKind.INJECTION_PHASE) && phase.equals(mark.attribute("phase"))) {
                action.run();
            }
        };
    }
}
