/**
 * Studies, runs of runs: {@code StudyReader} reads and checks {@code study.yaml} into a {@code Study} (cells given or
 * swept with {@code vary}, SLOs in the gate grammar); {@code StudyResolver} resolves every cell's scenario with the
 * ordinary plan resolver and lays out the trials in {@code TrialOrder} (interleaved); {@code StudyRun} runs them
 * through a {@code TrialExecutor} ({@code WarmTrials}, the default: one sandbox reset and verified between trials;
 * {@code ColdTrials}: a fresh sandbox per trial). The analysis is a pure function of
 * the trials' {@code report.json}: {@code TrialMetrics} (figures read generically), {@code Bootstrap} (intervals over
 * trials), {@code SloCheck} with {@code ReportGateInputs}, {@code StudyAnalysis} and the {@code Advisor} (Pareto
 * front, recommendation); {@code StudyFiles} writes {@code study.json} and {@code study.csv}.
 */
package io.contmig.runner.study;
