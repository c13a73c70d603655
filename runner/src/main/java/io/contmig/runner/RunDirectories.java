package io.contmig.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds run directories under the output directory ({@code target/contmig/}) and keeps {@code latest}, the text
 * file holding the newest run directory's path (a documented contract, root README.md). Stateless; safe from any thread.
 */
public final class RunDirectories {

    private final Path outputDirectory;

    public RunDirectories(Path outputDirectory) {
        this.outputDirectory = outputDirectory;
    }

    public Path outputDirectory() {
        return outputDirectory;
    }

    /** Points {@code latest} at {@code runDir}. */
    public void markLatest(Path runDir) throws IOException {
        Files.createDirectories(outputDirectory);
        Path tmp = outputDirectory.resolve("latest.tmp");
        Files.writeString(tmp, runDir.toAbsolutePath().normalize() + System.lineSeparator(), StandardCharsets.UTF_8);
        Files.move(tmp, outputDirectory.resolve("latest"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The run directory named by {@code latest}, if that file exists. */
    public Optional<Path> latest() throws IOException {
        Path latest = outputDirectory.resolve("latest");
        if (!Files.exists(latest)) {
            return Optional.empty();
        }
        return Optional.of(Path.of(Files.readString(latest, StandardCharsets.UTF_8).trim()));
    }

    /**
     * The run directory to act on: {@code explicit} when given, else the one {@code latest} names.
     *
     * @throws ContmigException (invalid input) when neither exists, naming what was looked for
     */
    public Path resolve(Optional<Path> explicit) throws ContmigException {
        Path dir;
        try {
            dir = explicit.isPresent() ? explicit.get() : latest().orElseThrow(() -> new ContmigException(
                    ExitCode.INVALID_INPUT, "contmig.runDir: not set and " + outputDirectory.resolve("latest")
                    + " does not exist (run `mvn contmig:bench` first, or pass -Dcontmig.runDir=DIR)"));
        } catch (IOException e) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "contmig.runDir: cannot read "
                    + outputDirectory.resolve("latest") + ": " + e.getMessage(), e);
        }
        if (!Files.isDirectory(dir)) {
            throw new ContmigException(ExitCode.INVALID_INPUT, "contmig.runDir: '" + dir + "' is not a directory");
        }
        return dir;
    }
}
