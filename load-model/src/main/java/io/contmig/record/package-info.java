/**
 * The run record: one run-relative monotonic {@code RunClock} ({@code ManualRunClock} in tests), the
 * {@code Timeline} of marks ({@code TimelineWriter} writes {@code timeline.jsonl}; {@code Mark}, {@code MarkKind}),
 * the wait-free {@code SampleRecorder} of tagged latency samples and the {@code LatencyLogWriter} of
 * {@code latency.hlog} (HdrHistogram interval log, 1 s intervals), and {@code RunRecord}, which reads a stored run
 * back for the reports.
 */
package io.contmig.record;
