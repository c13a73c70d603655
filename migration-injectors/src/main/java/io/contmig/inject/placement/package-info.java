/**
 * Placement changes (no data moves): {@code placement/kubernetes} ({@code KubernetesNodeAffinityPlacement}:
 * JSON-merge patch of a Deployment's or StatefulSet's nodeSelector or node affinity with fabric8, then wait for
 * the rollout; heal restores the patch of an incomplete rollout) and {@code placement/sandbox-site}
 * ({@code SandboxSitePlacement}: drain, move and resume a tenant's pipeline stage through the routing).
 */
package io.contmig.inject.placement;
