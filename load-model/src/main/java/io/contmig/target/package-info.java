/**
 * What injectors and load drivers know of the target: {@code TenantRouting} (where each tenant's stores and
 * pipeline stage live, write blocks, dual writes, the switch), {@code SiteEndpoints} (how to reach one site's
 * servers from a given place) and {@code Store} (a movable part of a tenant; open: a new injector may bring its
 * own, besides the well-known PostgreSQL, Kafka, InfluxDB and pipeline).
 */
package io.contmig.target;
