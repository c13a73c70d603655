package io.contmig.runner;

/**
 * A failure the user must act on, with a message that says what and where (no stack trace needed).
 * Carries the {@link ExitCode} the forked runner ends with.
 */
public final class ContmigException extends Exception {

    private final ExitCode exitCode;

    public ContmigException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public ContmigException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
