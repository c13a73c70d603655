/**
 * The pages of studies and comparisons, rendered from their JSON alone (self-contained HTML, inline SVG, no script):
 * {@code StudyPage} with {@code StudyCharts} (forest plots, duration-vs-degradation scatter with the Pareto front) for
 * {@code study.json}, {@code ComparisonPage} for {@code comparison.json}.
 */
package io.contmig.report.study;
