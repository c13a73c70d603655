/** The one InfluxDB 1.x HTTP client every module uses ({@link io.contmig.servers.influx.InfluxClient}). */
package io.contmig.servers.influx;
