package io.contmig.inject;

/**
 * An {@link Injector} that moves one tenant's data in one store from {@code spec().from()} to {@code spec().to()},
 * and can prove what arrived with its {@link Verifier}.
 */
public interface Migration extends Injector {

    /** The check run after a successful {@link #inject}, before {@link #heal}. */
    Verifier verifier();
}
