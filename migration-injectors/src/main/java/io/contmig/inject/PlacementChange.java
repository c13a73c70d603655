package io.contmig.inject;

/**
 * An {@link Injector} that moves where a tenant's processing runs (a Kubernetes workload's node, the sandbox site
 * of its pipeline stage); reported as a placement, not as a migration. Data is not moved, so there is no verifier.
 */
public interface PlacementChange extends Injector {
}
