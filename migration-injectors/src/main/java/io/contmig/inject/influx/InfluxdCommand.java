package io.contmig.inject.influx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one {@code influxd backup} / {@code influxd restore} to completion with a deadline, its output in a log file
 * of the injection's work directory. Stateless. A non-zero exit, a deadline passed (the process is then killed) or
 * an interruption (likewise) is an exception quoting the command and the log's tail.
 */
final class InfluxdCommand {

    private InfluxdCommand() {
    }

    static void run(List<String> command, Path log, Duration deadline) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(String.join(" ", command) + " did not finish within " + deadline.toSeconds()
                        + " s" + tail(log));
            }
        } finally {
            if (p.isAlive()) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + ")" + tail(log));
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return ": " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 4), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
