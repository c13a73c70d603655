package io.contmig.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.gate.Verdict;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads the facts under {@code verification/}: each injection's verifier result ({@code <injection>.json}) and the
 * cross-store check per store and tenant ({@code cross-store.json}) and the pipeline's dead letters
 * ({@code dead-letters.json}). Reads facts only; {@link VerificationJudge}
 * decides. Older records are read too: a {@code "verdict"} field is the verifier's own finding (kept as a fact),
 * and a file that already holds {@code "crossStore"} had the cross-store results merged into it.
 * Stateless and thread-safe.
 */
final class VerificationFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What a verifier wrote.
     *
     * @param checked          items compared; -1 when the file does not say
     * @param what             what was compared; {@code ""} when not said
     * @param lost             -1 when not said
     * @param duplicated       -1 when not said
     * @param mismatches       one line per difference
     * @param undecided        why no comparison was made; {@code ""} when one was
     * @param finding          an older record's own verdict, if it wrote one
     * @param crossStoreMerged whether the file already counts the cross-store results (older records)
     */
    record Own(long checked, String what, long lost, long duplicated, List<String> mismatches, String undecided,
               Optional<Verdict> finding, boolean crossStoreMerged) {
    }

    /**
     * One store's cross-store check of one tenant.
     *
     * @param expected acknowledged events of the tenant; -1 when not said
     * @param problem  why the store could not be read; {@code ""} when it was
     */
    record StoreCheck(String store, String tenant, String where, long expected, long lost, long duplicated,
                      List<String> examples, String problem) {
    }

    private VerificationFiles() {
    }

    /**
     * How long the injection held the tenant's writes, in ms: {@code details.writeBlockMs} of
     * {@code verification/<injection>.json} (written by the injection runner); NaN when not said.
     */
    static double writeBlockMs(Path runDir, String injection) throws IOException {
        Path file = runDir.resolve("verification").resolve(injection + ".json");
        if (!Files.isRegularFile(file)) {
            return Double.NaN;
        }
        JsonNode v = object(file).path("details").path("writeBlockMs");
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }

    /** {@code verification/<injection>.json}, or empty when there is none. */
    static Optional<Own> own(Path runDir, String injection) throws IOException {
        Path file = runDir.resolve("verification").resolve(injection + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode node = object(file);
        Optional<Verdict> finding = Optional.empty();
        if (node.has("verdict")) {
            String text = node.path("verdict").asText("");
            try {
                finding = Optional.of(Verdict.valueOf(text.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": verdict: '" + text + "' (expected PASS, FAIL or UNKNOWN)");
            }
        }
        List<String> mismatches = new ArrayList<>();
        for (JsonNode m : node.path("mismatches")) {
            mismatches.add(m.isTextual() ? m.asText() : m.toString());
        }
        String undecided = node.path("undecided").asText("");
        if (undecided.isEmpty() && finding.orElse(null) == Verdict.UNKNOWN) {
            // Older records said why in the first mismatch line.
            undecided = mismatches.isEmpty() ? "the verifier could not decide" : mismatches.get(0);
        }
        return Optional.of(new Own(count(node, "checked", file), node.path("what").asText(""),
                count(node, "lost", file), count(node, "duplicated", file), mismatches, undecided, finding,
                node.has("crossStore")));
    }

    /** The checks of {@code verification/cross-store.json}, or empty when the record has no such file. */
    static Optional<List<StoreCheck>> crossStore(Path runDir) throws IOException {
        Path file = runDir.resolve("verification").resolve("cross-store.json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<StoreCheck> out = new ArrayList<>();
        for (JsonNode c : object(file).path("checks")) {
            List<String> examples = new ArrayList<>();
            c.path("examples").forEach(e -> examples.add(e.asText()));
            out.add(new StoreCheck(c.path("store").asText(""), c.path("tenant").asText(""), c.path("where").asText(""),
                    count(c, "expected", file), Math.max(0, count(c, "lost", file)),
                    Math.max(0, count(c, "duplicated", file)), examples, c.path("problem").asText("")));
        }
        return Optional.of(out);
    }

    /**
     * {@code verification/dead-letters.json}: events each tenant's pipeline gave up on, per reason
     * ({@code {"tenants": {"<tenant>": {"<reason>": n}}}}); empty when the record has no such file.
     */
    static Map<String, Map<String, Long>> deadLetters(Path runDir) throws IOException {
        Path file = runDir.resolve("verification").resolve("dead-letters.json");
        Map<String, Map<String, Long>> out = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        JsonNode tenants = object(file).path("tenants");
        for (var tenant : (Iterable<Map.Entry<String, JsonNode>>) tenants::fields) {
            Map<String, Long> reasons = new TreeMap<>();
            for (var reason : (Iterable<Map.Entry<String, JsonNode>>) tenant.getValue()::fields) {
                reasons.put(reason.getKey(), Math.max(0, count(tenant.getValue(), reason.getKey(), file)));
            }
            out.put(tenant.getKey(), reasons);
        }
        return out;
    }

    private static JsonNode object(Path file) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IOException(file + ": must hold a JSON object");
        }
        return node;
    }

    private static long count(JsonNode node, String field, Path file) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return -1;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
            throw new IOException(file + ": " + field + ": " + v + " (expected a count >= 0)");
        }
        return v.asLong();
    }
}
