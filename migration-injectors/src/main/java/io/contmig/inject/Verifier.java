package io.contmig.inject;

/**
 * Proves what a migration delivered: compares the tenant's data on both sides and counts what was checked, lost or
 * duplicated. Findings (missing rows) are facts in the result, not exceptions, and never a verdict: the reports
 * module judges them. An exception means the check itself could not run (a server unreachable); the runner then
 * records an {@linkplain VerificationResult#undecided undecided} result with the cause.
 */
public interface Verifier {

    /** Runs the comparison; called once, after {@link Injector#inject} succeeded and before {@link Injector#heal}. */
    VerificationResult verify(InjectionContext ctx) throws Exception;
}
