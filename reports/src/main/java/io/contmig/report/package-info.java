/**
 * The judge: pure functions of a stored run record (no clock, no network). {@code Reports} analyses a
 * {@code RunRecord} under a {@code ReportPolicy} into a {@code RunReport}: {@code RecordAnalysis} reads the
 * injections from the timeline ({@code InjectionTimeline}, {@code InjectionTrack}), {@code WindowCutter} cuts before
 * / during per phase / after windows, statistics come from added interval histograms ({@code Accumulator},
 * {@code Stats}), {@code Downtime} measures the longest gaps. Every verdict rule lives here:
 * {@code VerificationJudge} (verifier facts and cross-store results, {@code checked == 0} is UNKNOWN),
 * {@code InjectionJudge}, {@code GateJudge}. One-method {@code ReportRenderer}s write the formats
 * ({@code HtmlReport} with {@code HtmlCharts}, {@code JsonReport}, {@code CsvReport}, {@code MarkdownReport},
 * {@code JunitXmlReport}, {@code VerdictJsonReport}).
 */
package io.contmig.report;
