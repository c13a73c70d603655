package io.contmig.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Places labels left to right into rows so that none overlaps another: each label goes to the first row whose last
 * label ends before it starts (a greedy interval colouring; short phases of a few milliseconds, drawn at nearly
 * the same x, stack instead of printing over each other). The page's zoom panels do the same in script. Not
 * thread-safe; one per group of labels.
 */
final class LabelRows {

    private static final double PADDING_PX = 4;

    private final double charWidthPx;
    private final List<Double> rowEnds = new ArrayList<>();

    LabelRows(double charWidthPx) {
        this.charWidthPx = charWidthPx;
    }

    /** The row (0 = top) for {@code text} starting at {@code x}; labels must come in ascending x. */
    int place(double x, String text) {
        double end = x + text.length() * charWidthPx + PADDING_PX;
        for (int row = 0; row < rowEnds.size(); row++) {
            if (rowEnds.get(row) <= x) {
                rowEnds.set(row, end);
                return row;
            }
        }
        rowEnds.add(end);
        return rowEnds.size() - 1;
    }
}
