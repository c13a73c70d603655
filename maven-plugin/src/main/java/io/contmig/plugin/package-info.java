/**
 * The Maven goals ({@code contmig:bench}, {@code verify}, {@code report}, {@code plan}, {@code sandbox}): thin
 * Mojos that translate their parameters and fork the runner ({@code ForkingMojo}, {@code ForkedRunner}), then map
 * its exit code onto Maven: bad input or a run that could not run is a {@code MojoExecutionException}, a FAIL
 * verdict a {@code MojoFailureException}. No orchestration lives here.
 */
package io.contmig.plugin;
