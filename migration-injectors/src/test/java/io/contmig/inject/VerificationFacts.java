package io.contmig.inject;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Assertions on a {@link VerificationResult}'s facts for tests: what the reports would judge PASS (a comparison
 * made over something, nothing lost, no difference), stated as facts so that tests do not re-implement the judge.
 */
public final class VerificationFacts {

    private VerificationFacts() {
    }

    /** The comparison was made over at least one item and found nothing lost and no difference. */
    public static void assertNothingFound(VerificationResult v) {
        assertThat(v.undecided()).as("undecided").isEmpty();
        assertThat(v.checked()).as("checked (%s)", v.what()).isPositive();
        assertThat(v.lost()).as("lost: %s", v.mismatches()).isZero();
        assertThat(v.mismatches()).as("mismatches").isEmpty();
    }
}
