/**
 * The embedded two-site target: {@code Sandbox} starts both sites' real servers ({@code Site}), the WAN delay
 * proxies, the routing, the pipeline and the REST API, writes {@code sandbox.json} and stops everything it
 * started; {@code SandboxSettings} are its knobs, {@code SandboxMain} the entry of {@code contmig:sandbox},
 * {@code SandboxBench} a measurement of the pipeline alone.
 */
package io.contmig.sandbox;
