/**
 * The MQTT device fleet: {@code MqttDeviceFleet} runs N devices per tenant ({@code FleetConfig},
 * {@code TenantDevices}) publishing SiteWhere JSON ({@code SiteWhereJsonEvents}, each event with its
 * {@code (device, seq)}) on an open model from {@code IntendedStarts}; samples {@code mqtt.publish} and
 * {@code mqtt.e2e} from the intended start; keeps the acknowledged events in an {@code AckLedger} for the
 * cross-store check; reports {@code FleetSummary} and {@code GeneratorHealth} (how far sends lagged their
 * intended times).
 */
package io.contmig.load.mqtt;
