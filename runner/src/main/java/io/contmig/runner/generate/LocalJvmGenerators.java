package io.contmig.runner.generate;

import io.contmig.runner.bench.BenchException;
import io.contmig.servers.ChildWatchdog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Generators as child JVMs of the runner on this machine: the runner's own {@code java} and class path, main class
 * {@link GeneratorMain}. Each child's standard output and error go through a {@link FramedFiles.Reader}: its files
 * into {@code <directory>/<index>/}, every other line into {@code <directory>/<index>/console.log}. The
 * {@link ChildWatchdog} kills the children if the runner dies (they carry the marker
 * {@code -Dcontmig.generator=<runId>/<index>}).
 *
 * <p>Not thread-safe beyond {@link #failure()}; one launch per instance.
 */
public final class LocalJvmGenerators implements GeneratorExecutor {

    private final List<String> jvmOptions;
    private final List<Process> processes = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final List<IOException> readFailures = java.util.Collections.synchronizedList(new ArrayList<>());

    /** Children with the JVM options {@code jvmOptions} (e.g. {@code -Xmx512m}) besides contmig's own. */
    public LocalJvmGenerators(List<String> jvmOptions) {
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    @Override
    public void launch(Launch launch) throws BenchException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int g = 0; g < launch.count(); g++) {
            Path dir = launch.directory().resolve(Integer.toString(g));
            String marker = "-Dcontmig.generator=" + launch.runId() + "/" + g;
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(jvmOptions);
            cmd.addAll(List.of(marker, "-Dgatling.data.enableAnalytics=false", "--add-opens",
                    "java.base/java.lang=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    GeneratorMain.class.getName(), "--control", launch.controlHost() + ":" + launch.controlPort(),
                    "--index", Integer.toString(g)));
            try {
                Files.createDirectories(dir);
                ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true);
                builder.environment().put(GeneratorMain.TOKEN_ENV, launch.token());
                Process p = builder.start();
                ChildWatchdog.instance().watch(p.pid(), marker);
                processes.add(p);
                Path log = dir.resolve("console.log");
                logs.add(log);
                Writer console = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
                FramedFiles.Reader reader = new FramedFiles.Reader(dir, console);
                Thread t = new Thread(() -> {
                    try (console; BufferedReader in = new BufferedReader(
                            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        reader.readAll(in);
                    } catch (IOException e) {
                        readFailures.add(e);
                    }
                }, "contmig-generator-output-" + g);
                t.setDaemon(true);
                t.start();
                readers.add(t);
            } catch (IOException e) {
                throw new BenchException("load.generators: cannot start generator " + g + " (" + java + "): "
                        + e.getMessage(), e);
            }
        }
    }

    @Override
    public Optional<String> failure() {
        for (int g = 0; g < processes.size(); g++) {
            Process p = processes.get(g);
            if (!p.isAlive() && p.exitValue() != 0) {
                return Optional.of(describe(g, p.exitValue()));
            }
        }
        return Optional.empty();
    }

    private String describe(int g, int exit) {
        String tail = "";
        try {
            List<String> lines = Files.readAllLines(logs.get(g), StandardCharsets.UTF_8);
            tail = String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            tail = "(no output: " + e.getMessage() + ")";
        }
        return "generator " + g + " exited with " + exit + ": " + tail;
    }

    @Override
    public void await(Duration timeout) throws BenchException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int g = 0; g < processes.size(); g++) {
            Process p = processes.get(g);
            if (!p.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new BenchException("generator " + g + " did not end within " + timeout.toSeconds() + " s");
            }
            readers.get(g).join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            ChildWatchdog.instance().forget(p.pid());
            if (p.exitValue() != 0) {
                throw new BenchException(describe(g, p.exitValue()));
            }
        }
        if (!readFailures.isEmpty()) {
            throw new BenchException("generator output: " + readFailures.get(0).getMessage(), readFailures.get(0));
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            if (p.isAlive()) {
                p.destroy();
                try {
                    if (!p.waitFor(5, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
            ChildWatchdog.instance().forget(p.pid());
        }
    }
}
