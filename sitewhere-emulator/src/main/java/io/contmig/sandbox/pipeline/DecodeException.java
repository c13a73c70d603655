package io.contmig.sandbox.pipeline;

/** A device request SiteWhere's JSON decoder would refuse; the message says why (and names the field). */
public final class DecodeException extends Exception {

    public DecodeException(String message) {
        super(message);
    }
}
