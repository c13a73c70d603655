package io.contmig.inject;

/**
 * A write refused because the tenant's writes stayed blocked longer than the block's {@code maxWait}: the write
 * failed (and is recorded as an error by its writer); it never disappears silently.
 */
public final class WriteBlockedException extends RuntimeException {

    public WriteBlockedException(String message) {
        super(message);
    }
}
