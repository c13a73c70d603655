package io.contmig.inject;

/**
 * An {@link Injector} that moves one tenant's data in one store from {@code spec().from()} to {@code spec().to()},
 * and can prove what arrived with its {@link Verifier}.
 */
public interface Migration extends Injector {

    /** The check run after a successful {@link #inject}, before {@link #heal}. */
    Verifier verifier();

    /**
     * Whether the scenario asked to drop the source's copy after the move ({@code dropSource} repeating the tenant's
     * name, see {@link io.contmig.options.SourceDrop}). False by default: the source is kept.
     */
    default boolean dropsSource() {
        return false;
    }

    /**
     * Drops the source's copy of the tenant's data in this store. {@link InjectionRunner} calls it only when
     * {@link #dropsSource()} and the verifier found the move complete ({@link VerificationResult#complete()}), after
     * the verification and before {@link #heal}; an exception is recorded in the verification's details
     * ({@code sourceDrop}) and leaves the source (or what is left of it) in place — the moved data is already
     * verified at the target.
     */
    default void dropSource(InjectionContext ctx) throws Exception {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot drop its source");
    }
}
