package io.contmig.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One injection as the timeline tells it, with its windows while the latency log streams into them. Filled by
 * {@link InjectionTimeline}, cut by {@link WindowCutter}, judged by {@link InjectionJudge}. Mutable, single
 * analysis, not thread-safe.
 */
final class InjectionTrack {

    final String name;
    /** kind, store, strategy, tenant, from, to (only those present), in that order. */
    final Map<String, String> attributes;
    final double startMs;
    double endMs = Double.POSITIVE_INFINITY;
    String outcome = "unfinished";
    String reason = "";
    boolean healed;
    /** Why the heal failed ({@code heal-finished} with {@code "ok": false}); {@code ""} otherwise. */
    String healFailure = "";
    final List<String> phaseNames = new ArrayList<>();
    final List<Double> phaseStarts = new ArrayList<>();
    WindowSlot before;
    WindowSlot during;
    WindowSlot after;
    final List<WindowSlot> phases = new ArrayList<>();
    Verification verification = Verification.missing();
    /** {@code details.writeBlockMs} of the verification file; NaN when absent. */
    double writeBlockMs = Double.NaN;

    InjectionTrack(String name, Map<String, String> attributes, double startMs) {
        this.name = name;
        this.attributes = attributes;
        this.startMs = startMs;
    }

    String tenant() {
        return attributes.getOrDefault("tenant", "");
    }

    String kind() {
        return attributes.getOrDefault("kind", "");
    }

    boolean unfinished() {
        return outcome.equals("unfinished");
    }

    List<WindowSlot> slots() {
        List<WindowSlot> all = new ArrayList<>(List.of(before, during, after));
        all.addAll(phases);
        return all;
    }

    /** The window named {@code name}: before/during/after first, then phases; null when there is none. */
    WindowSlot window(String name) {
        switch (name) {
            case "before": return before;
            case "during": return during;
            case "after": return after;
            default:
                for (WindowSlot p : phases) {
                    if (p.name.equals(name)) {
                        return p;
                    }
                }
                return null;
        }
    }
}
