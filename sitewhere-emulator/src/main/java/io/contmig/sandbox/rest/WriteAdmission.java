package io.contmig.sandbox.rest;

import io.contmig.sandbox.routing.SandboxRouting;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import io.contmig.target.WriteGate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Admits the REST API's writes of one tenant to one store, so that {@link TenantRouting#blockWrites} holds them
 * back during a cutover: the sandbox implements it over its write gates; {@link #unblocked} admits everything at
 * once (for a target without blocking).
 *
 * <p>Implementations are thread-safe. {@link #admit} waits while the tenant's writes to the store are blocked and
 * returns a {@link WritePermit} naming the sites to write to (read after the wait, so a write admitted after a
 * switch goes to the new site; a second site while a dual write runs). The caller writes, then closes the permit
 * exactly once, also when its write failed. When the wait runs out (or is interrupted), {@link #admit} throws and
 * the REST call fails with 503: the write is refused and reported, never lost silently.
 *
 * <p>The sandbox uses {@link #gated(SandboxRouting)}.
 */
@FunctionalInterface
public interface WriteAdmission {

    /** Waits until a write of {@code tenant} to {@code store} may start; any exception refuses the write. */
    WritePermit admit(String tenant, Store store) throws Exception;

    /**
     * Admits writes through {@code routing}'s write gates: waits while {@code routing.blockWrites} holds the
     * tenant's store (failing with the gate's {@code WriteBlockedException} when its bounded wait runs out), then
     * writes to the site serving the store and, while a dual write runs, to the dual-write site too.
     */
    static WriteAdmission gated(SandboxRouting routing) {
        return (tenant, store) -> {
            WriteGate gate = routing.gate(tenant, store);
            gate.enter();
            try {
                List<String> sites = new ArrayList<>(List.of(routing.siteOf(tenant, store)));
                Optional<String> dual = routing.dualWriteSite(tenant, store);
                if (dual.isPresent() && !sites.contains(dual.get())) {
                    sites.add(dual.get());
                }
                return new WritePermit(sites, gate::exit);
            } catch (RuntimeException e) {
                gate.exit();
                throw e;
            }
        };
    }

    /** Admits every write at once, to the site {@code routing} names now (no blocking, no dual write). */
    static WriteAdmission unblocked(TenantRouting routing) {
        return (tenant, store) -> new WritePermit(List.of(routing.siteOf(tenant, store)), () -> { });
    }
}
