package io.contmig.runner.study;

import java.util.ArrayList;
import java.util.List;

/**
 * The order trials run in: interleaved across cells (Mytkowicz et al., ASPLOS 2009: never all of A then all of B),
 * so that drift of a shared machine (a neighbour's build, a warming cache, a filling disk) spreads over every cell.
 * Round {@code k} runs trial {@code k} of every cell, starting at cell {@code k mod cells}, so that no cell always
 * runs first after a quiet spell. Stateless.
 */
public final class TrialOrder {

    private TrialOrder() {
    }

    /** One trial to run: a cell index and the trial's 0-based index within that cell. */
    public record Slot(int cell, int trial) {
    }

    /** Every (cell, trial) pair, each exactly once, in the interleaved order. */
    public static List<Slot> interleaved(int cells, int trials) {
        if (cells < 1 || trials < 1) {
            throw new IllegalArgumentException("cells (" + cells + ") and trials (" + trials + ") must be >= 1");
        }
        List<Slot> order = new ArrayList<>(cells * trials);
        for (int k = 0; k < trials; k++) {
            for (int j = 0; j < cells; j++) {
                order.add(new Slot((k + j) % cells, k));
            }
        }
        return order;
    }
}
