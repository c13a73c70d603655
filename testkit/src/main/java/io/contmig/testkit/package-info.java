/**
 * Test support shared by the modules' tests (test scope only): {@code Await} (a real condition with a
 * deadline and a clear failure), {@code Marks} (phases and kinds of a test timeline, actions hooked to a phase),
 * {@code InjectedFault}, {@code IotLabReplayServer} (the FIT IoT-LAB API replayed from recorded shapes) and
 * {@code TwoSites} (two sites of real PostgreSQL / Kafka / InfluxDB servers, once per
 * test class).
 */
package io.contmig.testkit;
