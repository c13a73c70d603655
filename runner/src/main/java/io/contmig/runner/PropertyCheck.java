package io.contmig.runner;

import io.contmig.plan.Overrides;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Refuses misspelt {@code contmig.*} properties before anything starts: every {@code contmig.*} key the runner
 * receives must be a goal parameter ({@link #PARAMETERS}) or a scenario override path (its first segment a
 * scenario key; the plan then checks the rest of the path like YAML). Otherwise it is an error naming the key and
 * the closest known names by edit distance, e.g. {@code contmig.duraton: unknown property (did you mean
 * contmig.duration?)}. Stateless. Public for the plugin's test that every Mojo parameter is known here.
 */
public final class PropertyCheck {

    /**
     * The {@code contmig.*} properties that are not scenario paths: the Mojos' parameters, and build or harness
     * switches that travel with them ({@code skipITs} is the root POM's own property, {@code cds} a switch of the
     * servers' child JVMs).
     */
    public static final List<String> PARAMETERS = List.of("scenario", "runId", "runDir", "outputDirectory", "failOnUnknown",
            "failOnError", "skip", "jvmArgs", "list", "study", "baseline", "regressionThreshold", "skipITs", "cds");

    private static final String PREFIX = "contmig.";
    private static final int MAX_SUGGESTIONS = 3;

    private PropertyCheck() {
    }

    /** Throws listing every unknown {@code contmig.*} key of {@code properties} (other keys are not looked at). */
    static void check(Properties properties) throws ContmigException {
        Map<String, String> contmig = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(PREFIX)) {
                contmig.put(key, properties.getProperty(key));
            }
        }
        List<String> problems = problems(contmig.keySet());
        if (!problems.isEmpty()) {
            throw new ContmigException(ExitCode.INVALID_INPUT, String.join("\n", problems));
        }
    }

    /** One message per unknown key among {@code keys} (all starting with {@code contmig.}), in the given order. */
    static List<String> problems(Iterable<String> keys) {
        List<String> problems = new ArrayList<>();
        for (String key : keys) {
            String name = key.substring(PREFIX.length());
            String first = firstSegment(name);
            if (PARAMETERS.contains(name) || Overrides.SCENARIO_KEYS.contains(first)) {
                continue;
            }
            List<String> closest = closest(name, first);
            problems.add(key + ": unknown property (" + (closest.isEmpty()
                    ? "neither a goal parameter (" + PREFIX + String.join(", " + PREFIX, PARAMETERS)
                    + ") nor a scenario path (" + PREFIX + "<" + String.join("|", Overrides.SCENARIO_KEYS) + ">...)"
                    : "did you mean " + String.join(" or ", closest) + "?") + ")");
        }
        return problems;
    }

    /** The known names nearest to {@code name}: parameters compared whole, scenario keys by the first segment. */
    private static List<String> closest(String name, String first) {
        record Candidate(String suggestion, int distance) { }
        List<Candidate> candidates = new ArrayList<>();
        for (String parameter : PARAMETERS) {
            candidates.add(new Candidate(PREFIX + parameter, distance(name, parameter)));
        }
        String rest = name.substring(first.length());
        for (String key : Overrides.SCENARIO_KEYS) {
            candidates.add(new Candidate(PREFIX + key + rest, distance(first, key)));
        }
        int best = candidates.stream().mapToInt(Candidate::distance).min().orElse(Integer.MAX_VALUE);
        int limit = Math.max(2, first.length() / 3);
        if (best > limit) {
            return List.of();
        }
        return candidates.stream().filter(c -> c.distance() == best).sorted(Comparator.comparing(Candidate::suggestion))
                .map(Candidate::suggestion).distinct().limit(MAX_SUGGESTIONS).toList();
    }

    /** Levenshtein distance of the lower-cased names: a case slip ({@code runid} for {@code runId}) costs nothing. */
    static int distance(String a, String b) {
        String x = a.toLowerCase(Locale.ROOT);
        String y = b.toLowerCase(Locale.ROOT);
        int[] previous = new int[y.length() + 1];
        int[] current = new int[y.length() + 1];
        for (int j = 0; j <= y.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= y.length(); j++) {
                int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length()];
    }

    private static String firstSegment(String path) {
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '.' || path.charAt(i) == '[') {
                return path.substring(0, i);
            }
        }
        return path;
    }
}
