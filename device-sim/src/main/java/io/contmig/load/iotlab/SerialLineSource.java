package io.contmig.load.iotlab;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where serial-aggregator lines come from: {@code stdin}, {@code file:PATH} (a recorded log, replayed),
 * {@code tcp:HOST:PORT} (e.g. a socat wrapper), {@code cmd:COMMAND} (any command's stdout, run by {@code sh -c}) or
 * {@code ssh:LOGIN@SITE.iot-lab.info:EXP_ID} (runs {@code serial_aggregator -i EXP_ID} there over ssh).
 *
 * <p>For commands the child's stdin is kept open, because {@code serial_aggregator} exits on EOF. Bytes are decoded
 * as UTF-8 with replacement, as the aggregator does. One reader per source; {@link #close()} stops a child process.
 */
public final class SerialLineSource implements AutoCloseable {

    private final String description;
    private final boolean replay;
    private final InputStream in;
    private final Process process;
    private final ByteArrayOutputStream stderrTail = new ByteArrayOutputStream();

    private SerialLineSource(String description, boolean replay, InputStream in, Process process) {
        this.description = description;
        this.replay = replay;
        this.in = in;
        this.process = process;
        if (process != null) {
            Thread drain = new Thread(() -> {
                byte[] buf = new byte[4096];
                try (InputStream err = process.getErrorStream()) {
                    int n;
                    while ((n = err.read(buf)) > 0) {
                        synchronized (stderrTail) {
                            if (stderrTail.size() > 8192) {
                                stderrTail.reset();
                            }
                            stderrTail.write(buf, 0, n);
                        }
                    }
                } catch (IOException ignored) {
                    // The process ended.
                }
            }, "serial-source-stderr");
            drain.setDaemon(true);
            drain.start();
        }
    }

    /**
     * Opens the source named by {@code spec}.
     *
     * @throws IllegalArgumentException for an unknown form, naming the accepted ones
     * @throws IOException              when the file, socket or command cannot be opened
     */
    public static SerialLineSource open(String spec) throws IOException {
        Objects.requireNonNull(spec, "spec");
        if (spec.equals("stdin")) {
            return new SerialLineSource("stdin", false, System.in, null);
        }
        if (spec.startsWith("file:")) {
            Path file = Path.of(spec.substring(5));
            return new SerialLineSource("file " + file, true, Files.newInputStream(file), null);
        }
        if (spec.startsWith("tcp:")) {
            String hostPort = spec.substring(4);
            int colon = hostPort.lastIndexOf(':');
            if (colon < 1) {
                throw new IllegalArgumentException("serial source '" + spec + "': expected tcp:HOST:PORT");
            }
            Socket socket = new Socket(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
            return new SerialLineSource("tcp " + hostPort, false, socket.getInputStream(), null);
        }
        if (spec.startsWith("cmd:")) {
            return command(spec, List.of("sh", "-c", spec.substring(4)));
        }
        if (spec.startsWith("ssh:")) {
            String target = spec.substring(4);
            int colon = target.lastIndexOf(':');
            if (colon < 1 || !target.substring(colon + 1).matches("\\d+")) {
                throw new IllegalArgumentException("serial source '" + spec + "': expected ssh:LOGIN@HOST:EXP_ID");
            }
            return command(spec, List.of("ssh", "-o", "BatchMode=yes", "-o", "ServerAliveInterval=15",
                    target.substring(0, colon), "serial_aggregator -i " + target.substring(colon + 1)));
        }
        throw new IllegalArgumentException("serial source '" + spec
                + "' is unknown (expected one of: stdin, file:PATH, tcp:HOST:PORT, cmd:COMMAND, ssh:LOGIN@HOST:EXP_ID)");
    }

    private static SerialLineSource command(String spec, List<String> command) throws IOException {
        // stdin stays a pipe we never close: serial_aggregator exits on EOF.
        Process p = new ProcessBuilder(command).start();
        return new SerialLineSource(spec, false, p.getInputStream(), p);
    }

    /** A reader of lines, decoding UTF-8 with replacement characters. */
    BufferedReader reader() {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)));
    }

    /** E.g. {@code file /tmp/serial.log}. */
    public String description() {
        return description;
    }

    /** True for a recorded file: results must be labelled replay, never live-testbed. */
    public boolean replay() {
        return replay;
    }

    /**
     * For a command source after its output ended: its exit code and the tail of its stderr, or "" when all is
     * well (exit 0, or not a command).
     */
    String failure() {
        if (process == null) {
            return "";
        }
        try {
            if (!process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                return "";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
        if (process.exitValue() == 0) {
            return "";
        }
        synchronized (stderrTail) {
            return description + " exited with " + process.exitValue() + ": "
                    + stderrTail.toString(StandardCharsets.UTF_8).trim();
        }
    }

    @Override
    public void close() throws IOException {
        if (process != null) {
            process.destroy();
        }
        if (in != System.in) {
            in.close();
        }
    }
}
