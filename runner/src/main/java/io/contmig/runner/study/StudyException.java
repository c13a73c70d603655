package io.contmig.runner.study;

import java.util.List;

/**
 * A study that cannot run: every problem found, each prefixed with its path in {@code study.yaml} (or with the cell
 * whose resolved scenario has it). Thrown before anything is started; the message lists the problems one per line.
 */
public final class StudyException extends Exception {

    private final List<String> problems;

    public StudyException(List<String> problems) {
        super(message(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a StudyException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    private static String message(List<String> problems) {
        StringBuilder text = new StringBuilder("invalid study (").append(problems.size())
                .append(problems.size() == 1 ? " problem" : " problems").append("):");
        problems.forEach(p -> text.append('\n').append(p));
        return text.toString();
    }

    /** Every problem, in the order found; never empty. */
    public List<String> problems() {
        return problems;
    }
}
