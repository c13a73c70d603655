package io.contmig.report;

import io.contmig.plan.PlanDocument;
import io.contmig.record.RunRecord;

import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The judge: turns a run record into a {@link RunReport} and writes every report format. Pure functions of the
 * record: no clock, no network; the only I/O is reading the record ({@code plan.json} through its schema
 * {@link PlanDocument}, and {@code verification/} beside it) and, in {@link #writeAll}, writing the reports. Thread-safe (no shared state).
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li><b>Injections</b> come from the timeline: {@code injection-started} .. {@code injection-finished} or
 *       {@code injection-failed} (attribute {@code injection}); without either the injection is
 *       {@code unfinished} and ends at the run's end. A phase ({@code injection-phase}) lasts until the next phase
 *       mark of its injection or the injection's end.</li>
 *   <li><b>Windows</b>: before = {@code baseline} ending at the start, cut so it does not overlap
 *       an earlier injection (start to end); during = start to end; after = {@code after} starting
 *       {@code settle} after the end. An interval histogram counts in before/after when its start lies inside
 *       [start, end). During and the phases add the log's phase epochs instead (samples by intended start, exact
 *       to the microsecond; the phases partition during, a gap before the first phase mark being the phase
 *       {@code start}); a log without epochs falls back to the interval rule with a warning. Windows are cut at the run's end ({@code run-finished}, else the last mark or interval);
 *       intervals starting at or after {@code run-finished} count nowhere, not even in the whole-run figures.</li>
 *   <li><b>STATS</b> add the interval histograms of a window (never average percentiles): {@code count} =
 *       successes ({@code <op>}), {@code errors} = failures ({@code <op>.ko}), throughput = successes per second
 *       of window (clipped to the run).</li>
 *   <li><b>Tenants</b>: the injection's {@code tenant} is "migrated"; every other tenant with {@code <op>@<t>}
 *       tags is "colocated".</li>
 *   <li><b>Downtime</b> of an operation: the longest span between the intended starts of consecutive successes,
 *       clipped to [start, end + settle) of the injection, minus the operation's mean inter-arrival over the run;
 *       millisecond resolution, from the log's {@code <op>.gap} tags ({@link Downtime}). Without them, or for the
 *       co-located tenants as a group: the longest run of consecutive 1 s intervals without a success.</li>
 *   <li><b>Verdict</b> (every rule is in the README's "Verdict rules" table): gates (UNKNOWN when their data is
 *       missing), injection outcome (failed or unfinished ⇒ UNKNOWN), heal ({@code heal-finished} missing or with
 *       {@code "ok": false} ⇒ UNKNOWN) and verification ({@link VerificationJudge}: the verifier's facts in
 *       {@code verification/<injection>.json} and the cross-store check of the injection's tenant in
 *       {@code verification/cross-store.json}; a placement's verification is that cross-store check; nothing
 *       checked, nothing recorded or a store not read ⇒ UNKNOWN; anything lost or different ⇒ FAIL), merged
 *       FAIL &gt; UNKNOWN &gt; PASS. A plan without gates gives UNKNOWN: nothing was judged. What each passing
 *       verification checked is listed in {@link RunReport#checked}.</li>
 * </ul>
 * Memory: the latency log is streamed once; only one histogram per operation and window, and per-second chart
 * values, are kept.
 */
public final class Reports {

    private Reports() {
    }

    /**
     * Analyzes {@code record} with the window policy of its plan (defaults when the plan has none). Gates that read
     * a baseline ({@code baseline.p99(...)}) are UNKNOWN: no baseline given.
     */
    public static RunReport analyze(RunRecord record) throws IOException {
        PlanDocument plan = plan(record);
        return new RecordAnalysis(record, plan, policy(plan, record), null).run();
    }

    /**
     * Analyzes {@code record} as {@link #analyze(RunRecord)} does, its gates' {@code baseline.} quantities read from
     * {@code baseline}; the report's conditions name it ({@link BaselineRun#CONDITION}).
     */
    public static RunReport analyze(RunRecord record, BaselineRun baseline) throws IOException {
        Objects.requireNonNull(baseline, "baseline");
        PlanDocument plan = plan(record);
        return new RecordAnalysis(record, plan, policy(plan, record), baseline).run();
    }

    /**
     * Analyzes {@code record} with {@code policy}.
     *
     * @throws IOException when the latency log or a verification file is malformed (the message names the file)
     */
    public static RunReport analyze(RunRecord record, ReportPolicy policy) throws IOException {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(policy, "policy");
        return new RecordAnalysis(record, plan(record), policy, null).run();
    }

    /** The window policy of {@code plan}; a malformed one is an error naming the record's plan.json. */
    static ReportPolicy policy(PlanDocument plan, RunRecord record) throws IOException {
        try {
            return ReportPolicy.fromPlan(plan);
        } catch (IllegalArgumentException e) {
            throw new IOException(record.directory().resolve("plan.json") + ": " + e.getMessage(), e);
        }
    }

    /** plan.json through its schema; a known field of the wrong shape is an error naming the file. */
    static PlanDocument plan(RunRecord record) throws IOException {
        try {
            return PlanDocument.read(record.plan());
        } catch (IllegalArgumentException e) {
            throw new IOException(record.directory().resolve("plan.json") + ": " + e.getMessage(), e);
        }
    }

    /** Renders {@code report} in {@code format} to a string. */
    public static String render(RunReport report, ReportFormat format) throws IOException {
        StringWriter out = new StringWriter();
        format.renderer().render(report, out);
        return out.toString();
    }

    /**
     * Analyzes {@code record} and writes every {@link ReportFormat} into {@code runDir} (UTF-8), replacing
     * previous reports; the same record always gives byte-identical files.
     *
     * @return the report written
     */
    public static RunReport writeAll(RunRecord record, Path runDir) throws IOException {
        RunReport report = analyze(record);
        writeAll(report, runDir);
        return report;
    }

    /** As {@link #writeAll(RunRecord, Path)}, judging the gates that read a baseline against {@code baseline}. */
    public static RunReport writeAll(RunRecord record, Path runDir, BaselineRun baseline) throws IOException {
        RunReport report = analyze(record, baseline);
        writeAll(report, runDir);
        return report;
    }

    /** Writes every {@link ReportFormat} of {@code report} into {@code runDir}. */
    public static void writeAll(RunReport report, Path runDir) throws IOException {
        for (ReportFormat format : ReportFormat.values()) {
            Path file = runDir.resolve(format.fileName());
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                format.renderer().render(report, out);
            }
        }
    }
}
