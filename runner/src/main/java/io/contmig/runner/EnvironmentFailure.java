package io.contmig.runner;

import io.contmig.servers.ServerException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tells an environment failure (a missing binary, a port in use, no permission, a download that failed, a server
 * that would not start) from a bug, and says it in one line for the console: environment failures are the user's to
 * fix and need no stack trace; anything else is an internal error. Stateless.
 */
final class EnvironmentFailure {

    private EnvironmentFailure() {
    }

    /**
     * The one-line message of {@code failure} when it (or a cause) is an environment failure: a {@link ServerException},
     * an {@link IOException} (also wrapped in {@link UncheckedIOException}) or a {@link SecurityException};
     * empty for anything else.
     */
    static Optional<String> describe(Throwable failure) {
        boolean environment = false;
        List<String> parts = new ArrayList<>();
        for (Throwable t = failure; t != null && parts.size() < 5; t = t.getCause() == t ? null : t.getCause()) {
            environment |= t instanceof ServerException || t instanceof IOException || t instanceof SecurityException;
            String text = text(t);
            if (!text.isBlank() && parts.stream().noneMatch(p -> p.contains(text))) {
                parts.add(text);
            }
        }
        return environment ? Optional.of(String.join(": ", parts)) : Optional.empty();
    }

    private static String text(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage().strip();
        if (t instanceof FileSystemException fs) {
            String what = t instanceof AccessDeniedException ? "permission denied"
                    : t instanceof NoSuchFileException ? "no such file or directory"
                    : t instanceof FileAlreadyExistsException ? "already exists"
                    : fs.getReason() == null ? "file system error" : fs.getReason();
            return what + " (" + (fs.getOtherFile() == null ? fs.getFile() : fs.getFile() + " -> " + fs.getOtherFile()) + ")";
        }
        if (t instanceof UncheckedIOException && t.getCause() != null && message.equals(String.valueOf(t.getCause()))) {
            return ""; // the default message repeats the cause
        }
        if (message.isEmpty()) {
            return t instanceof IOException ? t.getClass().getSimpleName() : "";
        }
        return message;
    }
}
