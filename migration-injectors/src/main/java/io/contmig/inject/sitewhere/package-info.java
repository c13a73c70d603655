/**
 * Real store switches on SiteWhere 3: its tenant engines' datastore references, patched as Kubernetes resources
 * ({@link io.contmig.inject.sitewhere.SiteWhereTenantEngines}), behind the routing a real-target run uses
 * ({@link io.contmig.inject.sitewhere.SiteWhereSwitchingRouting}).
 */
package io.contmig.inject.sitewhere;
