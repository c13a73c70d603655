package io.contmig.report;

import java.util.List;
import java.util.Locale;

/**
 * Windows: cuts before / during / after and the phases of each injection (the window rules of {@link Reports}),
 * closes the windows of injections that never ended at the run's end, and warns about short or overlapping windows. Stateless
 * apart from the policy and the warnings list it appends to; not thread-safe (the list is not).
 *
 * <p>When the log has phase epochs ({@code exact}), during and the phases add epochs (samples by intended start, to
 * the microsecond) and the phases partition during: when the first phase mark comes after the injection's start,
 * a phase named {@value #LEADING_PHASE} covers the gap. Otherwise every window adds the 1 s intervals starting inside
 * it, and a warning says that phases are approximate.
 */
final class WindowCutter {

    /** The phase covering an injection's start up to its first phase mark, when there is such a gap. */
    static final String LEADING_PHASE = "start";

    private final ReportPolicy policy;
    private final List<String> warnings;
    private final boolean exact;

    WindowCutter(ReportPolicy policy, List<String> warnings, boolean exact) {
        this.policy = policy;
        this.warnings = warnings;
        this.exact = exact;
    }

    /**
     * before = baseline ending at the start, cut so it does not overlap an earlier injection; during = start to
     * end; after = {@code after} starting settle after the end; a phase lasts until the next phase or the end.
     */
    void cut(List<InjectionTrack> injections) {
        double baseline = policy.baselineMs();
        for (int i = 0; i < injections.size(); i++) {
            InjectionTrack inj = injections.get(i);
            double beforeStart = Math.max(0, inj.startMs - baseline);
            String cutBy = inj.startMs - baseline < 0 ? "the run's start" : "";
            for (int j = 0; j < i; j++) {
                InjectionTrack earlier = injections.get(j);
                if (earlier.endMs > beforeStart) {
                    beforeStart = Math.min(inj.startMs, earlier.endMs);
                    cutBy = "injection '" + earlier.name + "'";
                }
            }
            inj.before = new WindowSlot("before", beforeStart, inj.startMs);
            if (!cutBy.isEmpty() && baseline - (inj.startMs - beforeStart) >= 1) {
                warnings.add(shortWindow("before", inj.name, inj.startMs - beforeStart, baseline, cutBy));
            }
            inj.during = new WindowSlot("during", inj.startMs, inj.endMs, exact);
            double afterStart = inj.endMs + policy.settleMs();
            inj.after = new WindowSlot("after", afterStart, afterStart + policy.afterMs());
            if (!inj.phaseStarts.isEmpty() && inj.phaseStarts.get(0) > inj.startMs) {
                inj.phases.add(new WindowSlot(LEADING_PHASE, inj.startMs, inj.phaseStarts.get(0), exact));
            }
            for (int k = 0; k < inj.phaseNames.size(); k++) {
                double end = k + 1 < inj.phaseStarts.size() ? inj.phaseStarts.get(k + 1) : inj.endMs;
                inj.phases.add(new WindowSlot(inj.phaseNames.get(k), inj.phaseStarts.get(k), end, exact));
            }
        }
        if (!exact && !injections.isEmpty()) {
            warnings.add("phases are approximate: latency.hlog has no phase epochs (a record of another tool, or of"
                    + " contmig before issue 10), so during and each phase hold the whole 1 s intervals starting inside"
                    + " them, not the samples intended inside them");
        }
    }

    /** Ends the during window and open phases of every unfinished injection at {@code runEndMs}. */
    void closeOpen(List<InjectionTrack> injections, double runEndMs) {
        for (InjectionTrack inj : injections) {
            if (Double.isInfinite(inj.endMs)) {
                inj.endMs = Math.max(inj.startMs, runEndMs);
                inj.during.endMs = inj.endMs;
                for (WindowSlot p : inj.phases) {
                    if (Double.isInfinite(p.endMs)) {
                        p.endMs = Math.max(p.startMs, runEndMs);
                    }
                }
            }
        }
    }

    /** Warns about what a reader must know before trusting a window's numbers. */
    void check(List<InjectionTrack> injections, double runEndMs) {
        for (int i = 0; i < injections.size(); i++) {
            InjectionTrack inj = injections.get(i);
            outcomeWarnings(inj);
            if (i + 1 < injections.size()) {
                overlapWarning(inj, injections.get(i + 1));
            }
            for (WindowSlot p : inj.phases) {
                if (!exact && p.lengthMs(runEndMs) < 1_000) {
                    warnings.add(String.format(Locale.ROOT, "short window: phase '%s' of '%s' lasts %s s, less than the"
                                    + " 1 s interval: its statistics hold the whole intervals starting inside it",
                            p.name, inj.name, Numbers.plain(p.lengthMs(runEndMs) / 1000.0)));
                }
            }
            if (inj.unfinished()) {
                continue;
            }
            double afterLength = inj.after.lengthMs(runEndMs);
            // Less than a millisecond short is the run's own drain jitter, not a shorter window.
            if (policy.afterMs() - afterLength >= 1) {
                warnings.add(shortWindow("after", inj.name, afterLength, policy.afterMs(), "the run's end"));
            }
        }
    }

    /** "short window: after of 'x' is 19.4 s instead of 20 s (600 ms short; cut by ...)": never "20 s instead of 20 s". */
    private static String shortWindow(String window, String injection, double lengthMs, double wantedMs, String cutBy) {
        return String.format(Locale.ROOT, "short window: %s of '%s' is %s s instead of %s s (%s ms short; cut by %s)",
                window, injection, Numbers.plain(lengthMs / 1000.0), Numbers.plain(wantedMs / 1000.0),
                Numbers.plain(wantedMs - lengthMs), cutBy);
    }

    private void outcomeWarnings(InjectionTrack inj) {
        if (inj.unfinished()) {
            warnings.add("injection '" + inj.name + "' has no injection-finished or injection-failed mark: "
                    + "its during window is cut at the run's end");
        }
        if (inj.outcome.equals("failed")) {
            warnings.add("injection '" + inj.name + "' failed" + (inj.reason.isEmpty() ? "" : ": " + inj.reason));
        }
        if (!inj.healFailure.isEmpty()) {
            warnings.add("HEAL FAILED for injection '" + inj.name + "': " + inj.healFailure
                    + " — the system may be left broken; later windows are suspect");
        } else if (!inj.healed) {
            warnings.add("injection '" + inj.name + "' has no heal-finished mark: the system may not be healed");
        }
    }

    private void overlapWarning(InjectionTrack inj, InjectionTrack next) {
        if (next.startMs < inj.endMs) {
            warnings.add("overlap: injection '" + next.name + "' starts at " + Numbers.plain(next.startMs)
                    + " ms, before '" + inj.name + "' ends at " + Numbers.plain(inj.endMs) + " ms");
        } else if (next.startMs < inj.after.endMs) {
            warnings.add("overlap: the after window of '" + inj.name + "' (" + Numbers.plain(inj.after.startMs)
                    + ".." + Numbers.plain(inj.after.endMs) + " ms) overlaps injection '" + next.name
                    + "' starting at " + Numbers.plain(next.startMs) + " ms");
        }
    }
}
