/**
 * Provisioning over SiteWhere's REST API before the load starts: {@code SiteWhereProvisioner} creates device
 * types, devices and active assignments per tenant, idempotently, with a {@code JwtSource} that refreshes the
 * token before it expires; {@code ProvisionedFleet} is what the fleet then uses.
 */
package io.contmig.load.provision;
