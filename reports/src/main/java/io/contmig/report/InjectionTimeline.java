package io.contmig.report;

import io.contmig.record.Mark;
import io.contmig.record.MarkKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Timeline → injections: reads the marks once into {@link InjectionTrack}s (start, phases, end, outcome, heal) and
 * the run's end. A mark that does not fit (a second start, a phase or end of an unknown injection, a phase after
 * the end) is ignored with a warning, never an error: the record is an open format. Single use, not thread-safe.
 */
final class InjectionTimeline {

    private static final List<String> IDENTITY = List.of("kind", "store", "strategy", "tenant", "from", "to",
            "fault", "link", "server", "site", "for", "delay", "bandwidthMbit");

    private final List<String> warnings;
    private final List<InjectionTrack> injections = new ArrayList<>();
    private double runFinishedMs = Double.NaN;
    private double lastMarkMs;

    private InjectionTimeline(List<String> warnings) {
        this.warnings = warnings;
    }

    /** Reads {@code marks} (in time order); warnings are appended to {@code warnings}. */
    static InjectionTimeline read(List<Mark> marks, List<String> warnings) {
        InjectionTimeline t = new InjectionTimeline(warnings);
        Map<String, InjectionTrack> byName = new LinkedHashMap<>();
        for (Mark m : marks) {
            t.accept(m, byName);
        }
        return t;
    }

    /** In timeline order. */
    List<InjectionTrack> injections() {
        return injections;
    }

    /** The {@code run-finished} mark's time, NaN when the record has none (a run cut short). */
    double runFinishedMs() {
        return runFinishedMs;
    }

    double lastMarkMs() {
        return lastMarkMs;
    }

    private void accept(Mark m, Map<String, InjectionTrack> byName) {
        lastMarkMs = Math.max(lastMarkMs, m.tMs());
        String name = m.attribute("injection");
        if (m.is(MarkKind.INJECTION_STARTED)) {
            started(m, name == null ? m.source() : name, byName);
        } else if (m.is(MarkKind.INJECTION_PHASE)) {
            phase(m, name, name == null ? null : byName.get(name));
        } else if (m.is(MarkKind.INJECTION_FINISHED) || m.is(MarkKind.INJECTION_FAILED)) {
            ended(m, name, name == null ? null : byName.get(name));
        } else if (m.is(MarkKind.HEAL_FINISHED)) {
            // "ok": false (a heal that threw) is a heal-finished mark that did not heal.
            boolean ok = !"false".equals(m.attribute("ok"));
            for (InjectionTrack inj : injections) {
                if (name == null ? inj.startMs <= m.tMs() : inj.name.equals(name)) {
                    inj.healed = ok;
                    inj.healFailure = ok ? "" : orEmpty(m.attribute("reason")).isEmpty() ? "heal failed"
                            : m.attribute("reason");
                }
            }
        } else if (m.is(MarkKind.RUN_FINISHED)) {
            runFinishedMs = m.tMs();
            if ("true".equals(m.attribute("generatorSaturated"))) {
                // Generator health comes first (STYLE 22): a load generator that fell behind its schedule
                // sent later than intended, so the system under test saw less load than planned.
                warnings.add("load generator saturated: its send lag behind the intended schedule reached p99 "
                        + orEmpty(m.attribute("generatorP99LagMs")) + " ms; the system saw less load than"
                        + " planned and latency figures mix generator and system delays");
            }
        }
    }

    private void started(Mark m, String name, Map<String, InjectionTrack> byName) {
        if (byName.containsKey(name)) {
            warnings.add("injection '" + name + "' started twice; the second start (t=" + Numbers.plain(m.tMs())
                    + " ms) is ignored");
            return;
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        for (String key : IDENTITY) {
            String v = m.attribute(key.equals("kind") ? "injectionKind" : key);
            if (v == null && key.equals("kind")) {
                v = m.attribute("kind");
            }
            if (v != null && !v.isEmpty()) {
                attrs.put(key, v);
            }
        }
        InjectionTrack inj = new InjectionTrack(name, attrs, m.tMs());
        byName.put(name, inj);
        injections.add(inj);
    }

    private void phase(Mark m, String name, InjectionTrack inj) {
        String phase = m.attribute("phase");
        if (inj == null || phase == null || phase.isEmpty()) {
            warnings.add("phase mark at t=" + Numbers.plain(m.tMs()) + " ms ignored: "
                    + (inj == null ? "no started injection '" + name + "'" : "no phase name"));
        } else if (!inj.unfinished()) {
            warnings.add("phase '" + phase + "' of '" + name + "' at t=" + Numbers.plain(m.tMs())
                    + " ms ignored: the injection had already ended");
        } else {
            inj.phaseNames.add(phase);
            inj.phaseStarts.add(m.tMs());
        }
    }

    private void ended(Mark m, String name, InjectionTrack inj) {
        if (inj == null) {
            warnings.add(m.kind() + " mark at t=" + Numbers.plain(m.tMs()) + " ms ignored: no started injection '"
                    + name + "'");
        } else if (inj.unfinished()) {
            inj.endMs = Math.max(inj.startMs, m.tMs());
            boolean failed = m.is(MarkKind.INJECTION_FAILED);
            inj.outcome = failed ? "failed" : "finished";
            inj.reason = failed ? orEmpty(m.attribute("reason")) : "";
        }
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
