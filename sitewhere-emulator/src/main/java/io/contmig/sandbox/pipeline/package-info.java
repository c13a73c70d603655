/**
 * The SiteWhere-compatible data path per tenant ({@code Pipeline}, {@code TenantPipeline},
 * {@code TenantStage}): MQTT input ({@code EventSource}) → Kafka decoded events ({@code EventDecoder}) → device
 * and assignment lookup in PostgreSQL ({@code InboundProcessing}) → inbound events → InfluxDB persistence →
 * outbound events → the MQTT echo, each consumer a {@code ConsumerLoop}; every write asks the routing where the
 * tenant lives.
 */
package io.contmig.sandbox.pipeline;
