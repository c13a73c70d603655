package io.contmig.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A Java main class to run in a separate JVM (this JVM's {@code java}), e.g. {@code kafka.Kafka},
 * {@code kafka.tools.StorageTool} or {@code org.apache.kafka.connect.mirror.MirrorMaker}. Immutable; every
 * {@code with*} returns a copy. To run one as a managed, stoppable server use {@link ChildJvmServer}.
 *
 * <p>Logging: a child shares this JVM's class path and so its one SLF4J binding (slf4j-simple, chosen by the
 * runner); {@link #LOGGING} sends the child's log at INFO to its stdout, which the launchers append to its log file.
 * The runner's own quiet levels ({@code simplelogger.properties} on the shared class path) are overridden for the
 * child, whose log file is where Kafka's story is told.
 *
 * @param mainClass  fully qualified main class
 * @param args       program arguments
 * @param jvmOptions JVM options, e.g. {@code -Xmx512m}, {@code -Dkey=value}
 * @param classpath  {@code -cp} value
 */
public record ChildJvm(String mainClass, List<String> args, List<String> jvmOptions, String classpath) {
    public ChildJvm {
        if (mainClass == null || !mainClass.matches("[\\w.$]+")) {
            throw new IllegalArgumentException("mainClass (" + mainClass + ") must be a class name");
        }
        args = List.copyOf(args);
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(classpath, "classpath");
    }

    /** System properties every child JVM starts with, before its own options (which win). */
    static final List<String> LOGGING = List.of(
            "-Dorg.slf4j.simpleLogger.logFile=System.out",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
            "-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info",
            // Per-request and per-segment chatter would dominate the file under load.
            "-Dorg.slf4j.simpleLogger.log.kafka.request.logger=warn",
            "-Dorg.slf4j.simpleLogger.log.kafka.log.LogCleaner=warn",
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS");

    /** {@code mainClass} on the Kafka classpath ({@link KafkaClasspath#load()}) with {@code -Xmx512m}. */
    public static ChildJvm kafka(String mainClass, String... args) {
        return new ChildJvm(mainClass, List.of(args), List.of("-Xmx512m"), KafkaClasspath.load().asArgument());
    }

    public ChildJvm withArgs(String... newArgs) {
        return new ChildJvm(mainClass, List.of(newArgs), jvmOptions, classpath);
    }

    /** Replaces the JVM options. */
    public ChildJvm withJvmOptions(String... options) {
        return new ChildJvm(mainClass, args, List.of(options), classpath);
    }

    /** Adds JVM options after the existing ones (a later {@code -Xmx} wins). */
    public ChildJvm plusJvmOptions(String... options) {
        List<String> all = new ArrayList<>(jvmOptions);
        all.addAll(List.of(options));
        return new ChildJvm(mainClass, args, all, classpath);
    }

    /** The full command line. */
    public List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary().toString());
        cmd.addAll(LOGGING);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** Runs to completion (a tool), capturing output; a JVM still running after {@code timeout} is killed. */
    public ShortCommand.Result run(Duration timeout) {
        return ShortCommand.run(command(), timeout);
    }

    /**
     * Starts the JVM with stdout and stderr appended to {@code logFile}; returns at once. The caller owns the process
     * (stop it with {@link RunningProcess#stop}).
     */
    public RunningProcess start(Path logFile, Path workDir) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            Process p = new ProcessBuilder(command()).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return RunningProcess.of(p);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start JVM for " + mainClass, e);
        }
    }

    /** This JVM's {@code java} executable. */
    public static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
