package io.contmig.load.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Mosquitto 2 on a free loopback port, data under {@code target/}. Test fixture of this module until the
 * {@code servers} module's launcher is used; stopped by {@link #close()} and by a shutdown hook.
 */
public final class TestMosquitto implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Thread hook;

    private TestMosquitto(Process process, int port) {
        this.process = process;
        this.port = port;
        this.hook = new Thread(process::destroyForcibly, "stop-test-mosquitto");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static TestMosquitto start(Path dir) throws IOException, InterruptedException {
        return start(dir, freePort());
    }

    /** On a given port, e.g. to restart a broker where its clients expect it. */
    public static TestMosquitto start(Path dir, int port) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path binary = findBinary();
        Path conf = dir.resolve("mosquitto-" + port + ".conf");
        Files.writeString(conf, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                "user root",
                "max_queued_messages 0",
                "max_inflight_messages 0",
                "log_dest stderr",
                "log_type error",
                ""));
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "-c", conf.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto-" + port + ".log").toFile());
        Path libs = binary.getParent().getParent().getParent().resolve("usr/lib/x86_64-linux-gnu");
        if (Files.isDirectory(libs)) {
            Map<String, String> env = pb.environment();
            env.put("LD_LIBRARY_PATH", libs.toString());
        }
        Process p = pb.start();
        TestMosquitto m = new TestMosquitto(p, port);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("mosquitto exited with " + p.exitValue() + "; see " + dir);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return m;
            } catch (IOException notYet) {
                Thread.sleep(20); // polling the port with a deadline
            }
        }
        m.close();
        throw new IOException("mosquitto did not listen on " + port + " within 10 s");
    }

    private static Path findBinary() throws IOException {
        for (String candidate : new String[] {System.getenv("CONTMIG_MOSQUITTO"), "/usr/sbin/mosquitto",
                "/tmp/dsmosq/root/usr/sbin/mosquitto"}) {
            if (candidate != null && Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IOException("no mosquitto binary (set CONTMIG_MOSQUITTO)");
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public URI uri() {
        return URI.create("tcp://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs anyway.
        }
    }
}
