package io.contmig.inject;

/**
 * One live change injected into a running platform: a data migration of one tenant's store, or a placement change
 * of its pipeline stage. Implementations are named by mechanism ({@code PgLogicalReplicationMigration},
 * {@code KubernetesNodeAffinityPlacement}, ...).
 *
 * <p>Called by {@link InjectionRunner} on one thread, in this order: {@link #prepare}, then {@link #inject} when
 * prepare succeeded, then always {@link #heal} (in a {@code finally}). An injector instance runs once.
 *
 * <pre>{@code
 * public void inject(InjectionContext ctx) throws Exception {
 *     ctx.phase("copy");      // a phase lasts until the next phase mark or the end of the injection
 *     copyEverything();
 *     ctx.phase("cutover");
 *     try (var block = ctx.routing().blockWrites(tenant, Store.POSTGRESQL, maxWriteBlock)) {
 *         ctx.routing().switchSite(tenant, Store.POSTGRESQL, ctx.spec().to());
 *     }
 * }
 * }</pre>
 *
 * <p>On exception: an exception from {@code prepare} or {@code inject} fails the injection (an
 * {@code injection-failed} mark with its message as the reason); the injector must leave the source authoritative
 * and intact and the routing unchanged (switch last, only when everything before it worked). {@code heal} then
 * undoes partial state. Messages must never contain credentials.
 */
public interface Injector {

    /** Checks only (reachability, the tenant exists, the target is free); changes nothing. */
    void prepare(InjectionContext ctx) throws Exception;

    /** Does the work, announcing its phases with {@link InjectionContext#phase}. */
    void inject(InjectionContext ctx) throws Exception;

    /**
     * Always runs after {@link #inject} (or after a failed {@link #prepare}), also when it failed: releases write
     * blocks, stops helpers, removes partial state (replication slots, subscriptions, half-copied targets that the
     * routing does not serve). Idempotent: running it twice, or after a clean injection, is harmless.
     */
    void heal(InjectionContext ctx) throws Exception;
}
