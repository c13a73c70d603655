package io.contmig.inject.influx;

import io.contmig.servers.FreePorts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real {@code influxd} (Debian's 1.6) on free 127.0.0.1 ports with its data under {@code target/}, for these
 * tests until the servers module's InfluxDB launcher is available. {@link #kill()} is a SIGKILL; {@link #start()}
 * starts it again on the same data and ports. Not thread-safe.
 */
final class LocalInfluxd implements AutoCloseable {

    static final String INFLUXD = "/usr/bin/influxd";

    private final Path dir;
    private final int httpPort = FreePorts.next();
    private final int rpcPort = FreePorts.next();
    private Process process;
    private final Thread shutdownHook = new Thread(this::killQuietly, "influxd-shutdown");
    private boolean hooked;

    LocalInfluxd(Path dir) throws IOException {
        this.dir = dir.toAbsolutePath();
        Files.createDirectories(this.dir);
        String base = new String(new ProcessBuilder(INFLUXD, "config").redirectError(ProcessBuilder.Redirect.DISCARD)
                .start().getInputStream().readAllBytes());
        StringBuilder conf = new StringBuilder();
        String section = "";
        for (String line : base.split("\n", -1)) {
            String l = line.strip();
            if (l.startsWith("[")) {
                section = l;
            }
            if (section.isEmpty() && l.startsWith("bind-address")) {
                line = "bind-address = \"127.0.0.1:" + rpcPort + "\"";
            } else if (section.equals("[http]") && l.startsWith("bind-address")) {
                line = "  bind-address = \"127.0.0.1:" + httpPort + "\"";
            } else if (section.equals("[ifql]") && l.startsWith("enabled")) {
                line = "  enabled = false";
            } else if (section.equals("[monitor]") && l.startsWith("store-enabled")) {
                line = "  store-enabled = false"; // no _internal database: less CPU
            } else if (section.equals("[http]") && l.startsWith("log-enabled")) {
                line = "  log-enabled = false";
            } else if (section.equals("[data]") && l.startsWith("query-log-enabled")) {
                line = "  query-log-enabled = false";
            }
            line = line.replace("/var/lib/influxdb", this.dir.toString());
            conf.append(line).append('\n');
        }
        Files.writeString(this.dir.resolve("influxd.conf"), conf);
    }

    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    String rpc() {
        return "127.0.0.1:" + rpcPort;
    }

    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(INFLUXD, "run", "-config", dir.resolve("influxd.conf").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("influxd.log").toFile()))
                .start();
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(shutdownHook);
            hooked = true;
        }
        InfluxHttpApi api = new InfluxHttpApi(url(), Duration.ofSeconds(2));
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                api.ping();
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IOException("influxd in " + dir + " did not answer /ping: " + e.getMessage()
                            + " (see " + dir.resolve("influxd.log") + ")", e);
                }
                Thread.sleep(20); // poll interval of a real readiness probe
            }
        }
    }

    /** SIGKILL, as a crash looks to clients. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    private void killQuietly() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (hooked) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // already shutting down: the hook itself runs
            }
            hooked = false;
        }
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }

}
