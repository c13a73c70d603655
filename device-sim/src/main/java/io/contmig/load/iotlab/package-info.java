/**
 * FIT IoT-LAB devices: {@code IotLabClient} (the testbed's REST API: submit an experiment, its state and nodes,
 * stop) and {@code SerialBridge}, which reads {@code timestamp;node;line} lines of the serial aggregator from a
 * {@code SerialLineSource} (stdin, a file, a TCP socket, an ssh command), maps nodes to device tokens
 * ({@code PayloadMapper}) and forwards them as SiteWhere MQTT JSON; {@code BridgeReport} counts what it did.
 */
package io.contmig.load.iotlab;
