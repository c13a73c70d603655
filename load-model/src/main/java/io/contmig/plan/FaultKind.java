package io.contmig.plan;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What a fault injection breaks, and which scenario key names what it breaks ({@link #targetKey()}). A closed set:
 * each kind needs its own mechanism in the target ({@link io.contmig.target.FaultControl}), so a new kind is a code
 * change there, not a plug-in. Every kind lasts {@code for} and then heals.
 */
public enum FaultKind {
    /** A WAN link drops every connection and refuses new ones; heal: it accepts again. */
    PARTITION("partition", "link"),
    /** A WAN link's one-way delay and/or bandwidth change; heal: the values before the fault come back. */
    DELAY("delay", "link"),
    /** SIGKILL of one server ({@code <site>.<server>}); heal: it is restarted on its data. */
    KILL("kill", "server"),
    /** SIGSTOP of one server; heal: SIGCONT. */
    PAUSE("pause", "server"),
    /** SIGKILL of every server of a site; heal: they are restarted. */
    SITE_OUTAGE("site-outage", "site");

    /** The WAN links a partition or a delay may name. */
    public static final List<String> LINKS = List.of("devicesToEdge", "devicesToCloud", "edgeToCloud");
    /** The servers of a site a kill or a pause may name, as {@code <site>.<server>}. */
    public static final List<String> SERVERS = List.of("postgres", "kafka", "influx", "mqtt");

    private final String label;
    private final String targetKey;

    FaultKind(String label, String targetKey) {
        this.label = label;
        this.targetKey = targetKey;
    }

    /** The name in scenarios and marks, e.g. {@code site-outage}. */
    public String label() {
        return label;
    }

    /** The scenario key naming what the fault hits: {@code link}, {@code server} or {@code site}. */
    public String targetKey() {
        return targetKey;
    }

    public static Optional<FaultKind> byLabel(String label) {
        return Arrays.stream(values()).filter(k -> k.label.equals(label)).findFirst();
    }

    /** Every label, in declaration order (for error messages). */
    public static List<String> labels() {
        return Arrays.stream(values()).map(FaultKind::label).toList();
    }
}
