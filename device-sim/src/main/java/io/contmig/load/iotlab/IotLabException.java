package io.contmig.load.iotlab;

/**
 * A FIT IoT-LAB API call failed: unreachable API, an error status, or an answer of an unexpected shape. The message
 * names the request and IoT-LAB's own error message. Subclasses separate what callers act on.
 */
public class IotLabException extends Exception {

    private final int status;

    public IotLabException(String message, int status) {
        super(message);
        this.status = status;
    }

    public IotLabException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
    }

    /** The HTTP status, or -1 when there was no answer. */
    public int status() {
        return status;
    }

    /** IoT-LAB refused the login (HTTP 401). */
    public static final class Auth extends IotLabException {
        public Auth(String message) {
            super(message, 401);
        }
    }

    /** The login may not do this (HTTP 403), e.g. another user's experiment. */
    public static final class Forbidden extends IotLabException {
        public Forbidden(String message) {
            super(message, 403);
        }
    }

    /** The experiment is not in the state the caller needs (e.g. not Running). */
    public static final class State extends IotLabException {
        private final String state;

        public State(String message, String state) {
            super(message, 200);
            this.state = state;
        }

        /** The experiment's state when the check failed. */
        public String state() {
            return state;
        }
    }
}
