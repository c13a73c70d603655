package io.contmig.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** {@code report.md}: conditions, warnings, gates and the before/during/after p99 summary, as Markdown. */
final class MarkdownReport implements ReportRenderer {

    @Override
    public void render(RunReport r, Writer out) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("# contmig report ").append(r.runId()).append("\n\n");
        s.append("**Verdict: ").append(r.verdict()).append("**\n\n");
        s.append("## Conditions\n\n");
        s.append("- target: ").append(r.target().isEmpty() ? "(unknown)" : r.target()).append('\n');
        s.append("- windows: baseline ").append(Numbers.plain(r.policy().baselineMs() / 1000)).append(" s, settle ")
                .append(Numbers.plain(r.policy().settleMs() / 1000)).append(" s, after ")
                .append(Numbers.plain(r.policy().afterMs() / 1000)).append(" s\n");
        for (Map.Entry<String, String> e : r.conditions().entrySet()) {
            s.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        }
        s.append("\n## Warnings\n\n");
        bullets(s, r.warnings());
        s.append("\n## Reasons\n\n");
        bullets(s, r.reasons());
        s.append("\n## Checked\n\n");
        bullets(s, r.checked());
        s.append("\n## Gates\n\n| gate | scope | verdict | value | detail |\n|---|---|---|---|---|\n");
        for (GateReport g : r.gates()) {
            s.append("| `").append(cell(g.expression())).append("` | ")
                    .append(g.injection().isEmpty() ? "all" : cell(g.injection())).append(" | ").append(g.verdict())
                    .append(" | ").append(Numbers.plain(g.value())).append(" | ").append(cell(g.detail())).append(" |\n");
        }
        for (InjectionReport inj : r.injections()) {
            s.append("\n## Injection ").append(inj.name()).append(" (").append(inj.outcome()).append(", ")
                    .append(inj.verdict()).append(")\n\n");
            s.append("| operation | p99 before | p99 during | p99 after | errors during | downtime ms |\n|---|---|---|---|---|---|\n");
            TreeSet<String> ops = new TreeSet<>(inj.before().operations().keySet());
            ops.addAll(inj.during().operations().keySet());
            ops.addAll(inj.after().operations().keySet());
            for (String op : ops) {
                s.append("| ").append(cell(op));
                for (WindowResult w : List.of(inj.before(), inj.during(), inj.after())) {
                    Stats st = w.operations().get(op);
                    s.append(" | ").append(st == null ? "" : Numbers.plain(st.p99Ms()));
                }
                Stats d = inj.during().operations().get(op);
                Double down = inj.downtimeMs().get(op);
                s.append(" | ").append(d == null ? "" : Long.toString(d.errors())).append(" | ")
                        .append(down == null ? "" : Numbers.plain(down)).append(" |\n");
            }
        }
        out.write(s.toString());
    }

    private static void bullets(StringBuilder s, List<String> items) {
        if (items.isEmpty()) {
            s.append("- none\n");
        }
        items.forEach(i -> s.append("- ").append(i).append('\n'));
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
