/**
 * The sandbox's tenant routing: {@code SandboxRouting} implements {@code TenantRouting} over the two sites
 * ({@code SiteAddresses}: each site's servers as seen from each place, through the WAN), with a {@code WriteGate}
 * per tenant and store for write blocks, dual writes, the switch and {@code RoutingListener}s.
 */
package io.contmig.sandbox.routing;
