package io.contmig.target;

import io.contmig.plan.PlannedFault;

/**
 * Role: the part of a target that can break itself on purpose — cut or slow a WAN link, kill, pause or take down a
 * whole site's servers — for fault injections (Jepsen's nemesis). Implemented by the sandbox; a real deployment has
 * none. Called by the runner's fault scheduler, possibly from several threads at once for different faults.
 *
 * <p>On exception: {@link #start} that throws has changed nothing that its caller must undo (an implementation
 * that did part of the work undoes it before throwing).
 */
public interface FaultControl {

    /** Starts {@code fault} now and returns how to heal it; returns once the fault holds. */
    Heal start(PlannedFault fault) throws Exception;

    /** Undoes one started fault. */
    @FunctionalInterface
    interface Heal {
        /**
         * Restores what the fault broke (reopens the link, restores its delay, restarts or resumes the servers) and
         * returns once that holds again (a restarted server answers). Idempotent.
         */
        void heal() throws Exception;
    }
}
