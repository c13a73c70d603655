package io.contmig.plan;

/** How intended start times are spaced (open model); both are seeded, see {@link ArrivalSchedule}. */
public enum Arrivals {
    /** Exponential gaps: a Poisson process whose rate follows the profile. */
    POISSON("poisson"),
    /** Evenly spaced at the profile's rate, with a seeded random phase per stream. */
    CONSTANT("constant");

    private final String label;

    Arrivals(String label) {
        this.label = label;
    }

    /** The name used in scenarios and {@code plan.json}. */
    public String label() {
        return label;
    }
}
