package io.contmig.runner.bench;

/** An infrastructure failure during a bench run (a server, a store, the record); the message says what and where. */
public final class BenchException extends Exception {

    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }

    public BenchException(String message) {
        super(message);
    }
}
