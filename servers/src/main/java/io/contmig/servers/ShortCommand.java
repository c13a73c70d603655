package io.contmig.servers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short, terminating command (initdb, pg_ctl, apt-get, dpkg-deb, a Kafka tool) to completion with a
 * deadline and captures its output. Stateless, thread-safe. A command that outlives its deadline is killed and
 * reported as a {@link ServerException}.
 */
public final class ShortCommand {
    private ShortCommand() {
    }

    /** Outcome of a finished command. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public Result {
            command = List.copyOf(command);
        }

        public boolean ok() {
            return exitCode == 0;
        }

        /** Throws a {@link ServerException} quoting the command and its output when the exit code is not 0. */
        public Result requireOk(String what) {
            if (!ok()) {
                throw new ServerException(what + " failed (exit " + exitCode + "): " + String.join(" ", command)
                        + "\n" + tail(stdout + "\n" + stderr, 30));
            }
            return this;
        }

        /** Last non-blank stdout line (tools that log before printing their answer). */
        public String lastStdoutLine() {
            String[] lines = stdout.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }

    public static Result run(List<String> command, Duration timeout) {
        return run(command, timeout, Map.of(), null);
    }

    public static Result run(List<String> command, Duration timeout, Map<String, String> env, Path workDir) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("contmig-cmd", ".out");
            err = Files.createTempFile("contmig-cmd", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(env);
            if (workDir != null) {
                builder.directory(workDir.toFile());
            }
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new ServerException("command did not finish within " + timeout + ": "
                        + String.join(" ", command) + "\n" + tail(Files.readString(out) + Files.readString(err), 20));
            }
            return new Result(command, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ServerException("could not run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerException("interrupted while running " + String.join(" ", command), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** The last {@code lines} lines of a text. */
    static String tail(String text, int lines) {
        String[] all = text.strip().split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", java.util.Arrays.asList(all).subList(from, all.length));
    }

    /** The last lines of a log file, or a note that it does not exist. */
    static String tailOf(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no log file " + file + ")";
            }
            return tail(Files.readString(file, StandardCharsets.UTF_8), lines);
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // A temp file left behind is harmless.
            }
        }
    }
}
