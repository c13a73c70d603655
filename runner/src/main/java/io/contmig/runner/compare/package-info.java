/**
 * Baselines: {@code Comparisons} compares a candidate run or study with a baseline metric by metric (ratios of
 * medians over trials for studies; a {@code BlockBootstrap} over 1 s interval histograms for single runs) into
 * {@code Compared} rows; the {@code compare} command writes them as {@code comparison.json} and fails on a confident
 * regression.
 */
package io.contmig.runner.compare;
