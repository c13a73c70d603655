/**
 * The emulator's SiteWhere REST API: {@code SiteWhereRestServer} ({@code /sitewhere/authapi/jwt} and
 * {@code /sitewhere/api/...} on the JDK's HTTP server), {@code HmacJwt} tokens, {@code WriteAdmission} (each write
 * passes the tenant's write gate) and {@code InfluxEventStore}, which lists and stores events in the tenant's
 * InfluxDB database on the site now serving it.
 */
package io.contmig.sandbox.rest;
