package io.contmig.sandbox.routing;

/** A write that waited the whole bounded time at a closed {@link WriteGate}: it failed and must be recorded. */
public final class WriteBlockedException extends Exception {

    public WriteBlockedException(String message) {
        super(message);
    }
}
