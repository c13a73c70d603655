package io.contmig.record;

/** The documented mark kinds of {@code timeline.jsonl} that contmig writes and reads; records may hold more kinds. */
public enum MarkKind {
    RUN_STARTED("run-started"),
    INJECTION_STARTED("injection-started"),
    INJECTION_PHASE("injection-phase"),
    INJECTION_FINISHED("injection-finished"),
    INJECTION_FAILED("injection-failed"),
    HEAL_FINISHED("heal-finished"),
    RUN_FINISHED("run-finished");

    private final String label;

    MarkKind(String label) {
        this.label = label;
    }

    /** The {@code kind} string as written in {@code timeline.jsonl}. */
    public String label() {
        return label;
    }
}
