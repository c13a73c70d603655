/**
 * The emulator's tenant routing: {@code SandboxRouting} implements {@code TenantRouting} over the sites it is
 * given ({@code SiteAddresses}: each site's servers as seen from each place), with a {@code WriteGate} per tenant
 * and store for write blocks, dual writes, the switch, and {@code RoutingListener}s that the data path follows.
 */
package io.contmig.sandbox.routing;
