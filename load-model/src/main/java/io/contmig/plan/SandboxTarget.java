package io.contmig.plan;

import java.util.List;
import java.util.Objects;

/** The embedded sandbox: two sites, {@code cloud} and {@code edge}, joined by an emulated WAN. */
public record SandboxTarget(WanDelays wan) implements TargetPlan {

    /** The sandbox's sites. */
    public static final List<String> SITES = List.of("cloud", "edge");

    public SandboxTarget {
        Objects.requireNonNull(wan, "wan");
    }

    @Override
    public String label() {
        return "sandbox";
    }

    @Override
    public List<String> sites() {
        return SITES;
    }
}
