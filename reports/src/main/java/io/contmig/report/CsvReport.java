package io.contmig.report;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;

/**
 * {@code report.csv}: one row per (injection, window, operation, tenant group) with the STATS columns; the
 * whole-run rows come first with an empty injection and window {@code run}. Phases appear as window
 * {@code phase:<name>}. RFC 4180 quoting, {@code \n} line ends, numbers in {@link java.util.Locale#ROOT} form.
 */
final class CsvReport implements ReportRenderer {

    @Override
    public void render(RunReport r, Writer out) throws IOException {
        out.write("injection,window,windowStartMs,windowEndMs,operation,tenants,count,errors,throughputPerSec,"
                + "p50Ms,p90Ms,p99Ms,p999Ms,maxMs\n");
        for (Map.Entry<String, Stats> e : r.operations().entrySet()) {
            row(out, "", "run", 0, r.runEndMs(), e.getKey(), "all", e.getValue());
        }
        for (InjectionReport inj : r.injections()) {
            for (WindowResult w : new WindowResult[] {inj.before(), inj.during(), inj.after()}) {
                for (Map.Entry<String, Stats> e : w.operations().entrySet()) {
                    row(out, inj.name(), w.name(), w.startMs(), w.endMs(), e.getKey(), "all", e.getValue());
                }
                group(out, inj, w, "migrated", inj.migrated());
                group(out, inj, w, "colocated", inj.colocated());
            }
            for (WindowResult p : inj.phases()) {
                for (Map.Entry<String, Stats> e : p.operations().entrySet()) {
                    row(out, inj.name(), "phase:" + p.name(), p.startMs(), p.endMs(), e.getKey(), "all", e.getValue());
                }
            }
        }
    }

    private static void group(Writer out, InjectionReport inj, WindowResult w, String name,
                              Map<String, Map<String, Stats>> group) throws IOException {
        for (Map.Entry<String, Map<String, Stats>> op : group.entrySet()) {
            Stats s = op.getValue().get(w.name());
            if (s != null) {
                row(out, inj.name(), w.name(), w.startMs(), w.endMs(), op.getKey(), name, s);
            }
        }
    }

    private static void row(Writer out, String injection, String window, double start, double end, String op,
                            String tenants, Stats s) throws IOException {
        out.write(String.join(",", quote(injection), quote(window), Numbers.plain(start), Numbers.plain(end), quote(op),
                tenants, Long.toString(s.count()), Long.toString(s.errors()), Numbers.plain(s.throughputPerSec()),
                Numbers.plain(s.p50Ms()), Numbers.plain(s.p90Ms()), Numbers.plain(s.p99Ms()), Numbers.plain(s.p999Ms()),
                Numbers.plain(s.maxMs())));
        out.write('\n');
    }

    private static String quote(String v) {
        if (v.contains(",") || v.contains("\"") || v.contains("\n")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
