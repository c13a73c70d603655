package io.contmig.plugin;

import io.contmig.runner.ExitCode;
import io.contmig.runner.Main;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.logging.Log;

import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Starts {@code io.contmig.runner.Main} in a forked JVM with the plugin's own classpath, passes the command and
 * {@code contmig.*} properties, streams its output to the console, and returns its exit code
 * ({@link ExitCode}). Forking keeps Gatling's and Kafka's libraries and JVM flags away from Maven's JVM, and makes
 * Ctrl-C reach the runner's shutdown hooks, which stop every server it started.
 *
 * <p>Secrets: the properties (passwords among them) never go on the forked JVM's command line, which every user of
 * the machine can read in {@code /proc}: they are written to an owner-only (0600) temporary file named by the
 * environment variable {@link Main#PROPERTIES_FILE_ENV}, which the runner deletes once read and this class deletes
 * after the run whatever happened. The debug log shows the property names with secret values redacted
 * ({@link Properties#redacted}).
 */
final class ForkedRunner {

    private static final long STOP_GRACE_SECONDS = 60;

    private final List<Artifact> pluginArtifacts;
    private final Log log;

    ForkedRunner(List<Artifact> pluginArtifacts, Log log) {
        this.pluginArtifacts = pluginArtifacts;
        this.log = log;
    }

    /**
     * Runs {@code command} with {@code args} and the given {@code contmig.*} properties, waits for it, and returns
     * its exit code.
     */
    ExitCode run(String command, List<String> args, Map<String, String> properties, List<String> jvmArgs,
                 Path workingDirectory) throws MojoExecutionException {
        String classpath = pluginArtifacts.stream().map(Artifact::getFile).filter(f -> f != null)
                .map(File::getAbsolutePath).collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("--add-opens");
        cmd.add("java.base/java.lang=ALL-UNNAMED");
        cmd.add("-Dgatling.data.enableAnalytics=false");
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add("io.contmig.runner.Main");
        cmd.add(command);
        cmd.addAll(args);
        Path propertiesFile = writeProperties(properties);
        try {
            log.debug("contmig: forking " + String.join(" ", cmd));
            log.debug("contmig: properties (in " + propertiesFile + "): " + Properties.redacted(properties));
            ProcessBuilder builder = new ProcessBuilder(cmd).directory(workingDirectory.toFile()).inheritIO();
            builder.environment().put(Main.PROPERTIES_FILE_ENV, propertiesFile.toString());
            return await(builder);
        } finally {
            try {
                Files.deleteIfExists(propertiesFile);
            } catch (IOException e) {
                log.warn("contmig: could not delete " + propertiesFile + ": " + e.getMessage());
            }
        }
    }

    /** The properties in a new owner-only (0600) temporary file. */
    private static Path writeProperties(Map<String, String> properties) throws MojoExecutionException {
        try {
            Path file = Files.createTempFile("contmig-", ".properties",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            java.util.Properties props = new java.util.Properties();
            props.putAll(properties);
            try (Writer w = Files.newBufferedWriter(file)) {
                props.store(w, "contmig properties for one forked runner; deleted after the run");
            }
            return file;
        } catch (IOException e) {
            throw new MojoExecutionException("contmig: cannot write the runner's properties file in "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }
    }

    private ExitCode await(ProcessBuilder builder) throws MojoExecutionException {
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new MojoExecutionException("contmig: cannot start the runner JVM: " + e.getMessage(), e);
        }
        Thread stopper = new Thread(() -> stop(process), "contmig-fork-stopper");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            return ExitCode.of(process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
            throw new MojoExecutionException("contmig: interrupted while the runner was working");
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already exiting: the hook runs and stops the fork
            }
        }
    }

    /** Asks the runner to stop (SIGTERM runs its shutdown hooks), then kills it after a grace period. */
    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
