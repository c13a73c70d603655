package io.contmig.servers;

/**
 * A server could not be found, prepared, started or stopped. The message names the server, what failed, and —
 * where one exists — the log file to read or the command that fixes the problem.
 */
public class ServerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ServerException(String message) {
        super(message);
    }

    public ServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
