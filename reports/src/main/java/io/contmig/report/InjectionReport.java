package io.contmig.report;

import io.contmig.gate.Verdict;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.LinkedHashMap;

/**
 * Everything the report says about one injection: its identity and outcome from the timeline, its windows and
 * phases with statistics, the migrated vs co-located tenant comparison, downtime per operation and verification.
 *
 * @param name         injection name
 * @param attributes   identity from the {@code injection-started} mark: kind, store, strategy, tenant, from, to
 *                     (only those present), in that order
 * @param startMs      start, ms since t=0
 * @param endMs        end (finished/failed mark; the run's end when neither was written)
 * @param outcome      {@code finished}, {@code failed} or {@code unfinished}
 * @param reason       the failure reason ({@code ""} unless failed)
 * @param healed       whether a {@code heal-finished} mark covers this injection (and did not report a failure)
 * @param healFailure  why the heal failed ({@code heal-finished} with {@code "ok": false}), {@code ""} otherwise
 * @param phases       the phases with their statistics, in time order
 * @param before       the before window
 * @param during       the during window
 * @param after        the after window
 * @param migrated     per operation, before/during/after statistics of the migrated tenant's tags
 * @param colocated    per operation, before/during/after statistics of every other tenant's tags together
 * @param downtimeMs   per operation, longest span between successes less the mean inter-arrival, see {@link Downtime}
 * @param verification the judged verification: the verifier's facts and the tenant's cross-store check
 *                     ({@link VerificationJudge})
 * @param verdict      this injection's own verdict (outcome, heal, verification; gates are reported separately)
 * @param writeBlockMs how long the injection held the tenant's writes ({@code details.writeBlockMs} of its
 *                     verification file), NaN when the record does not say
 */
public record InjectionReport(String name, Map<String, String> attributes, double startMs, double endMs,
                              String outcome, String reason, boolean healed, String healFailure,
                              List<WindowResult> phases,
                              WindowResult before, WindowResult during, WindowResult after,
                              Map<String, Map<String, Stats>> migrated, Map<String, Map<String, Stats>> colocated,
                              Map<String, Double> downtimeMs, Verification verification, Verdict verdict,
                              double writeBlockMs) {

    public InjectionReport {
        Objects.requireNonNull(name, "name");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(healFailure, "healFailure");
        phases = List.copyOf(phases);
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(during, "during");
        Objects.requireNonNull(after, "after");
        migrated = Collections.unmodifiableMap(new TreeMap<>(migrated));
        colocated = Collections.unmodifiableMap(new TreeMap<>(colocated));
        downtimeMs = Collections.unmodifiableMap(new TreeMap<>(downtimeMs));
        Objects.requireNonNull(verification, "verification");
        Objects.requireNonNull(verdict, "verdict");
    }

    /** The tenant being moved, or {@code ""} when the injection names none. */
    public String tenant() {
        return attributes.getOrDefault("tenant", "");
    }

    /** The injection's kind ({@code migration}/{@code placement}), or {@code ""}. */
    public String kind() {
        return attributes.getOrDefault("kind", "");
    }
}
