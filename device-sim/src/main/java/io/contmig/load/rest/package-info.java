/**
 * REST load with Gatling's Java DSL, in process: {@code GatlingRestLoad} runs {@code SiteWhereRestSimulation}
 * (built-in requests) or a user's simulation, which records each request as a {@code rest.<name>} sample through
 * {@code RestSamples} / {@code RestLoadContext}; Gatling's own HTML report is kept as a bonus.
 */
package io.contmig.load.rest;
