package io.contmig.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.contmig.plan.PlanDocument;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Conditions: what a run ran on, from plan.json — its id (else the run directory's name), its target, and the
 * one-line facts a reader compares runs by (seed, versions.*, machine.*, any scalar another tool wrote), plus a
 * digest of the whole plan. Stateless and thread-safe.
 */
final class RunConditions {

    private RunConditions() {
    }

    /** The plan's runId, else the run directory's name. */
    static String runId(PlanDocument plan, Path directory) {
        if (plan.runId() != null && !plan.runId().isBlank()) {
            return plan.runId();
        }
        Path name = directory.toAbsolutePath().normalize().getFileName();
        return name == null ? "" : name.toString();
    }

    /**
     * The flattened conditions, sorted by name.
     *
     * @param raw the plan as read, for the digest: the digest is of what the file holds, not of its schema
     */
    static Map<String, String> of(PlanDocument plan, JsonNode raw) {
        Map<String, String> out = new TreeMap<>();
        put(out, "runId", plan.runId());
        put(out, "harnessVersion", plan.harnessVersion());
        put(out, "wallClockAtZero", plan.wallClockAtZero());
        put(out, "name", plan.name());
        put(out, "seed", plan.seed() == null ? null : plan.seed().toString());
        put(out, "duration", plan.duration());
        if (raw.path("target").isValueNode()) {
            put(out, "target", plan.targetLabel());
        }
        plan.other().forEach((k, v) -> out.put(k, v.asText()));
        if (plan.versions() != null) {
            plan.versions().forEach((k, v) -> out.put("versions." + k, v));
        }
        if (plan.machine() != null) {
            plan.machine().forEach((k, v) -> out.put("machine." + k, v));
        }
        out.put("planDigest", digest(raw.toString()));
        return out;
    }

    private static void put(Map<String, String> out, String key, String value) {
        if (value != null) {
            out.put(key, value);
        }
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
