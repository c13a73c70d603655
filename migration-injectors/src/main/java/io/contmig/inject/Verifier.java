package io.contmig.inject;

/**
 * Proves what a migration delivered: compares the tenant's data on both sides and counts what was lost or
 * duplicated. Findings (missing rows) are results, not exceptions; an exception means the check itself could not
 * run (a server unreachable), and the runner then records an {@link io.contmig.gate.Verdict#UNKNOWN} result.
 */
public interface Verifier {

    /** Runs the comparison; called once, after {@link Injector#inject} succeeded and before {@link Injector#heal}. */
    VerificationResult verify(InjectionContext ctx) throws Exception;
}
