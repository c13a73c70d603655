package io.contmig.inject;

import io.contmig.record.Timeline;
import io.contmig.target.TenantRouting;

import java.nio.file.Path;

/**
 * What an injector may use while it runs: the target's routing, the run's timeline and a scratch directory.
 * Provided by {@link InjectionRunner}; thread-safe (an injector may announce phases from helper threads).
 */
public interface InjectionContext {

    InjectionSpec spec();

    /** The target's tenant routing: sites, endpoints, write blocks, dual writes, the switch. */
    TenantRouting routing();

    /** The run's timeline, for marks other than phases (phases go through {@link #phase}). */
    Timeline timeline();

    /**
     * Announces that the injection enters {@code phase} (e.g. {@code copy}, {@code catch-up}, {@code cutover}):
     * writes an {@code injection-phase} mark {@code {"injection": name, "phase": phase}}. A phase lasts until the
     * next phase mark or the end of the injection. Timeline listeners run on this call (tests hook faults here).
     */
    void phase(String phase);

    /** Scratch space for this injection (configuration files, backups); exists; kept after the run for inspection. */
    Path workDir();
}
