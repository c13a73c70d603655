package io.contmig.inject.influx;

import com.fasterxml.jackson.databind.JsonNode;
import io.contmig.inject.InjectionContext;
import io.contmig.inject.VerificationResult;
import io.contmig.inject.Verifier;
import io.contmig.servers.influx.InfluxClient;
import io.contmig.sitewhere.SiteWhereNames;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a moved InfluxDB tenant database point by point: every point of the source (measurement, tag set, time)
 * must exist on the target with the same fields. Also compares, per {@code device} tag, point counts and sums of
 * {@code mxvalue} over the source's time span, and the {@code (device, meta:seq)} coverage; a pair seen more often on
 * the target than on the source is a duplicate (reported, never hidden). Points only on the target (written after
 * the switch) are counted as extra, not as a difference.
 *
 * <p>Reads both servers at their own site (a requested source drop comes only after this verification). Thread-safe. An unreachable server is an {@link IOException} (the runner records an undecided result).
 */
public final class InfluxTenantVerifier implements Verifier {

    private static final int MAX_MISMATCH_LINES = 20;

    private final Duration timeout;

    public InfluxTenantVerifier(Duration timeout) {
        this.timeout = timeout;
    }

    /** {@code tenant_<t>}, the tenant's database (SiteWhere's naming). */
    public static String database(String tenant) {
        return SiteWhereNames.of(tenant).database();
    }

    @Override
    public VerificationResult verify(InjectionContext ctx) throws Exception {
        String db = database(ctx.spec().tenant());
        Scan source = Scan.of(InfluxSites.local(ctx, ctx.spec().from(), timeout), db);
        Scan target = Scan.of(InfluxSites.local(ctx, ctx.spec().to(), timeout), db);

        List<String> mismatches = new ArrayList<>();
        long lost = 0;
        long changed = 0;
        for (var e : source.points.entrySet()) {
            String there = target.points.get(e.getKey());
            if (there == null) {
                lost++;
                note(mismatches, "missing on target: " + e.getKey());
            } else if (!there.equals(e.getValue())) {
                changed++;
                note(mismatches, "fields differ at " + e.getKey() + ": source {" + e.getValue() + "} target {" + there + "}");
            }
        }
        long extra = target.points.keySet().stream().filter(k -> !source.points.containsKey(k)).count();

        // Per device: counts and sums over the source's time span, both sides.
        Map<String, Object> perDevice = new TreeMap<>();
        long deviceMismatches = 0;
        Map<String, double[]> targetInSpan = target.perDevice(source.lastTime);
        for (var e : source.perDevice(source.lastTime).entrySet()) {
            double[] s = e.getValue();
            double[] t = targetInSpan.getOrDefault(e.getKey(), new double[2]);
            boolean fewer = t[0] < s[0];
            boolean sumDiffers = t[0] == s[0] && Math.abs(t[1] - s[1]) > 1e-9 * Math.max(1, Math.abs(s[1]));
            if (fewer || sumDiffers) {
                deviceMismatches++;
                note(mismatches, String.format(Locale.ROOT, "device %s: source %d point(s) sum %.6f, target %d sum %.6f",
                        e.getKey(), (long) s[0], s[1], (long) t[0], t[1]));
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("sourcePoints", (long) s[0]);
            d.put("targetPoints", (long) t[0]);
            d.put("sourceSum", s[1]);
            d.put("targetSum", t[1]);
            perDevice.put(e.getKey(), d);
        }

        long missingPairs = 0;
        long duplicated = 0;
        for (var e : source.seqs.entrySet()) {
            int onTarget = target.seqs.getOrDefault(e.getKey(), 0);
            if (onTarget == 0) {
                missingPairs++;
            }
            duplicated += Math.max(0, onTarget - Math.max(1, e.getValue()));
        }
        long targetDuplicatePairs = target.seqs.entrySet().stream()
                .filter(e -> !source.seqs.containsKey(e.getKey()) && e.getValue() > 1)
                .mapToLong(e -> e.getValue() - 1).sum();
        duplicated += targetDuplicatePairs;

        Map<String, Object> details = new LinkedHashMap<>();
        details.put("database", db);
        details.put("sourcePoints", (long) source.points.size());
        details.put("targetPoints", (long) target.points.size());
        details.put("changedPoints", changed);
        details.put("extraTargetPoints", extra);
        details.put("sourceSeqPairs", (long) source.seqs.size());
        details.put("targetSeqPairs", (long) target.seqs.size());
        details.put("missingSeqPairs", missingPairs);
        details.put("deviceMismatches", deviceMismatches);
        details.put("perDevice", perDevice.size() <= 200 ? perDevice : Map.of("devices", perDevice.size()));
        if (mismatches.size() >= MAX_MISMATCH_LINES) {
            mismatches.add("... (only the first " + MAX_MISMATCH_LINES + " differences are listed)");
        }
        return VerificationResult.compared("points of " + db + " on the source looked up on the target (fields, "
                        + "per-device counts and sums, (device, seq) pairs)", source.points.size(),
                Math.max(lost, missingPairs), duplicated, mismatches, details);
    }

    private static void note(List<String> mismatches, String line) {
        if (mismatches.size() < MAX_MISMATCH_LINES) {
            mismatches.add(line);
        }
    }

    /** Every point of one database: identity → fields, plus per-device values and (device, seq) counts. */
    private static final class Scan {
        final Map<String, String> points = new HashMap<>();
        final Map<String, Integer> seqs = new HashMap<>();
        /** device → list of {time, bits of mxvalue}. */
        final Map<String, List<long[]>> deviceValues = new HashMap<>();
        long lastTime = Long.MIN_VALUE;

        static Scan of(InfluxClient api, String db) throws IOException {
            Scan scan = new Scan();
            if (!api.databaseExists(db)) {
                return scan;
            }
            for (MeasurementSchema schema : MeasurementSchema.read(api, db)) {
                api.stream(db, "SELECT * FROM " + InfluxQl.identifier(schema.measurement()), 10_000,
                        series -> scan.add(schema, series));
            }
            return scan;
        }

        void add(MeasurementSchema schema, JsonNode series) {
            List<String> columns = new ArrayList<>();
            series.path("columns").forEach(c -> columns.add(c.asText()));
            for (JsonNode row : series.path("values")) {
                TreeMap<String, String> tags = new TreeMap<>();
                TreeMap<String, String> fields = new TreeMap<>();
                long time = 0;
                for (int i = 0; i < columns.size(); i++) {
                    String column = columns.get(i);
                    JsonNode v = row.path(i);
                    if (column.equals("time")) {
                        time = v.asLong();
                    } else if (!v.isNull() && !v.isMissingNode()) {
                        (schema.tagKeys().contains(column) ? tags : fields).put(column, v.asText());
                    }
                }
                if (fields.isEmpty()) {
                    continue;
                }
                points.put(schema.measurement() + tags + "@" + time, fields.toString());
                lastTime = Math.max(lastTime, time);
                String device = tags.getOrDefault(SiteWhereNames.TAG_DEVICE, "");
                String seq = fields.get(SiteWhereNames.FIELD_SEQ);
                if (seq != null) {
                    seqs.merge(device + "#" + seq, 1, Integer::sum);
                }
                String mx = fields.get(SiteWhereNames.FIELD_MX_VALUE);
                double value = 0;
                try {
                    value = mx == null ? 0 : Double.parseDouble(mx);
                } catch (NumberFormatException e) {
                    value = 0; // a string mxvalue is compared as a point, not summed
                }
                deviceValues.computeIfAbsent(device, d -> new ArrayList<>()).add(new long[] {time, Double.doubleToLongBits(value)});
            }
        }

        /** device → {count, sum of mxvalue} over points with time ≤ {@code untilNanos}. */
        Map<String, double[]> perDevice(long untilNanos) {
            Map<String, double[]> result = new HashMap<>();
            deviceValues.forEach((device, values) -> {
                double[] acc = new double[2];
                for (long[] tv : values) {
                    if (tv[0] <= untilNanos) {
                        acc[0]++;
                        acc[1] += Double.longBitsToDouble(tv[1]);
                    }
                }
                result.put(device, acc);
            });
            return result;
        }
    }
}
