package io.contmig.target;

/**
 * A write refused because its tenant's writes stayed blocked (by {@link TenantRouting#blockWrites}, through a
 * {@link WriteGate}) longer than the block's {@code maxWait}. The write failed; its writer records it as an error
 * and may retry — it never disappears silently.
 *
 * <p>Unchecked, like every other way a write can fail at run time here: writers already handle failed writes,
 * and a blocked write must take the same path.
 */
public final class WriteBlockedException extends RuntimeException {

    public WriteBlockedException(String message) {
        super(message);
    }
}
