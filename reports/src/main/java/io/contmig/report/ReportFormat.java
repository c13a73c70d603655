package io.contmig.report;

/** The report formats, each with its renderer and its file in the run directory. */
public enum ReportFormat {
    JSON("report.json", new JsonReport()),
    JUNIT("junit.xml", new JunitXmlReport()),
    VERDICT("verdict.json", new VerdictJsonReport()),
    CSV("report.csv", new CsvReport()),
    HTML("report/index.html", new HtmlReport()),
    MARKDOWN("report.md", new MarkdownReport());

    private final String fileName;
    private final ReportRenderer renderer;

    ReportFormat(String fileName, ReportRenderer renderer) {
        this.fileName = fileName;
        this.renderer = renderer;
    }

    /** The file, relative to the run directory, that {@link Reports#writeAll} writes this format to. */
    public String fileName() {
        return fileName;
    }

    public ReportRenderer renderer() {
        return renderer;
    }
}
