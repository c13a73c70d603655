package io.contmig.report;

import io.contmig.gate.Verdict;

import java.io.IOException;
import java.io.Writer;

/**
 * {@code junit.xml}: one test suite, one test case per gate. A FAIL gate has a {@code <failure>}, an UNKNOWN
 * gate is {@code <skipped>} with its cause (CI shows it without counting it as passed). No timestamps, so the
 * file is deterministic.
 */
final class JunitXmlReport implements ReportRenderer {

    @Override
    public void render(RunReport r, Writer out) throws IOException {
        long failures = r.gates().stream().filter(g -> g.verdict() == Verdict.FAIL).count();
        long skipped = r.gates().stream().filter(g -> g.verdict() == Verdict.UNKNOWN).count();
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.write("<testsuite name=\"" + xml("contmig." + r.runId()) + "\" tests=\"" + r.gates().size()
                + "\" failures=\"" + failures + "\" errors=\"0\" skipped=\"" + skipped + "\">\n");
        out.write("  <properties>\n");
        out.write("    <property name=\"verdict\" value=\"" + r.verdict() + "\"/>\n");
        out.write("    <property name=\"target\" value=\"" + xml(r.target()) + "\"/>\n");
        out.write("  </properties>\n");
        for (GateReport g : r.gates()) {
            String name = g.expression() + (g.injection().isEmpty() ? "" : " [" + g.injection() + "]");
            out.write("  <testcase classname=\"contmig.gates\" name=\"" + xml(name) + "\"");
            if (g.verdict() == Verdict.PASS) {
                out.write("/>\n");
                continue;
            }
            out.write(">\n");
            if (g.verdict() == Verdict.FAIL) {
                out.write("    <failure type=\"FAIL\" message=\"" + xml(g.detail()) + "\">" + xml(details(g)) + "</failure>\n");
            } else {
                out.write("    <skipped message=\"UNKNOWN: " + xml(g.detail()) + "\"/>\n");
            }
            out.write("  </testcase>\n");
        }
        out.write("</testsuite>\n");
    }

    private static String details(GateReport g) {
        StringBuilder s = new StringBuilder();
        g.results().forEach((inj, res) -> s.append(inj).append(": ").append(res.verdict()).append(" ")
                .append(res.detail()).append('\n'));
        return s.toString();
    }

    /** Escapes text for an XML attribute or element; drops characters XML 1.0 cannot hold. */
    static String xml(String text) {
        StringBuilder s = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&': s.append("&amp;"); break;
                case '<': s.append("&lt;"); break;
                case '>': s.append("&gt;"); break;
                case '"': s.append("&quot;"); break;
                case '\'': s.append("&apos;"); break;
                case '\n': s.append("&#10;"); break;
                default:
                    if (c >= 0x20 || c == '\t') {
                        s.append(c);
                    }
            }
        }
        return s.toString();
    }
}
