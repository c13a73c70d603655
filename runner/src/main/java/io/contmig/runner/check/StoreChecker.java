package io.contmig.runner.check;

import io.contmig.target.TenantRouting;

import java.util.List;

/**
 * After the drain: what each store serving a tenant now holds of that tenant's acknowledged events, as facts
 * ({@link StoreCheck}, one per store and tenant) that the run writes to {@code verification/cross-store.json}; the
 * reports judge them. A store that cannot be read is a check with a {@link StoreCheck#problem()}, not an exception:
 * the run records what it could not look at. Called once per run, from the runner's thread.
 */
@FunctionalInterface
public interface StoreChecker {

    List<StoreCheck> check(TenantRouting routing, AcknowledgedEvents acknowledged) throws InterruptedException;
}
