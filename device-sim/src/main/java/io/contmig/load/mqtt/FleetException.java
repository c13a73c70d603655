package io.contmig.load.mqtt;

/** The fleet could not start: e.g. an unreachable broker or refused credentials. Its message names the broker. */
public final class FleetException extends Exception {

    public FleetException(String message, Throwable cause) {
        super(message, cause);
    }
}
