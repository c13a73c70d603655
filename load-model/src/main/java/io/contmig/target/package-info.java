/**
 * What injectors, load drivers and the checker know of the target: {@code TenantRouting} (where each tenant's
 * stores and pipeline stage live, write blocks, dual writes, the switch), {@code WriteGate} (the one write-block
 * primitive, failing a writer held too long with {@code WriteBlockedException}), {@code SiteEndpoints} (how to reach
 * one site's servers from a given place), {@code Store} (a movable part of a tenant; open: a new injector may bring
 * its own, besides the well-known PostgreSQL, Kafka, InfluxDB and pipeline) and {@code AcknowledgedEvents} (the
 * acknowledged {@code (device, seq)} the cross-store check looks up) and {@code Login} (what a site's InfluxDB or
 * MQTT broker asks of clients; its {@code toString} hides the password).
 */
package io.contmig.target;
