/**
 * The SiteWhere-compatible data path per tenant ({@code Pipeline}, {@code TenantPipeline},
 * {@code TenantStage}): MQTT input ({@code EventSource}) → Kafka decoded events ({@code EventDecoder}) → device
 * and assignment lookup in PostgreSQL ({@code InboundProcessing}) → inbound events → InfluxDB persistence
 * ({@code EventPersisting}, {@code InfluxPersistence}) → outbound events → the MQTT echo
 * ({@code OutboundConnector}), each consumer a {@code ConsumerLoop}; every write asks the routing where the tenant
 * lives and passes its write gate ({@code GatedProducer}).
 */
package io.contmig.sandbox.pipeline;
