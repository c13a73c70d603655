package io.contmig.plan;

import java.util.List;

/**
 * A scenario that cannot become a plan: carries every problem found, each prefixed with the path of the
 * offending value (e.g. {@code injections[1].migration.strategy: unknown 'logical' (expected one of: ...)}).
 *
 * <p>Thrown by {@link PlanResolver#resolve} before anything is started. The message lists the problems one per
 * line, so a caller can print it as-is, without a stack trace.
 */
public final class PlanException extends Exception {

    private final List<String> problems;

    public PlanException(List<String> problems) {
        super(message(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a PlanException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    private static String message(List<String> problems) {
        StringBuilder text = new StringBuilder("invalid scenario (")
                .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems").append("):");
        for (String p : problems) {
            text.append('\n').append(p);
        }
        return text.toString();
    }

    /** Every problem, in the order found; never empty. */
    public List<String> problems() {
        return problems;
    }
}
