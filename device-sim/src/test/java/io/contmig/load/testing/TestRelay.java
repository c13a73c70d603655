package io.contmig.load.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A TCP relay on loopback with a one-way delay per direction that can be paused (data is held, not dropped):
 * stands in front of a broker to emulate WAN delay and stalls. Test fixture of this module until the
 * {@code servers} module's {@code DelayProxy} is used. Thread-safe.
 */
public final class TestRelay implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private final long delayNanos;
    private final Object pauseLock = new Object();
    private volatile boolean paused;
    private volatile boolean refusing;
    private volatile boolean closed;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public TestRelay(int upstreamPort, Duration oneWayDelay) throws IOException {
        this.upstreamPort = upstreamPort;
        this.delayNanos = oneWayDelay.toNanos();
        this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** A loopback port nothing listens on (it was free a moment ago). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public void pause() {
        paused = true;
    }

    public void resume() {
        synchronized (pauseLock) {
            paused = false;
            pauseLock.notifyAll();
        }
    }

    /** Closes every relayed connection now (clients see a lost connection) and refuses new ones while {@code refuse}. */
    public void dropConnections(boolean refuse) throws IOException {
        refusing = refuse;
        for (Socket s : sockets) {
            s.close();
        }
        sockets.clear();
    }

    /** Accepts relayed connections again after {@link #dropConnections(boolean)}. */
    public void acceptAgain() {
        refusing = false;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket down = server.accept();
                if (refusing) {
                    down.close();
                    continue;
                }
                Socket up = new Socket();
                up.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort));
                down.setTcpNoDelay(true);
                up.setTcpNoDelay(true);
                sockets.add(down);
                sockets.add(up);
                pipe(down, up);
                pipe(up, down);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private record Chunk(byte[] bytes, long dueNanos) { }

    private void pipe(Socket from, Socket to) throws IOException {
        LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[16384];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    queue.add(new Chunk(java.util.Arrays.copyOf(buf, n), System.nanoTime() + delayNanos));
                }
            } catch (IOException ignored) {
                // Connection closed.
            }
            queue.add(new Chunk(new byte[0], 0));
        }, "relay-read");
        Thread writer = new Thread(() -> {
            try {
                while (true) {
                    Chunk c = queue.take();
                    if (c.bytes().length == 0) {
                        to.shutdownOutput();
                        return;
                    }
                    long wait;
                    while ((wait = c.dueNanos() - System.nanoTime()) > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    synchronized (pauseLock) {
                        while (paused) {
                            pauseLock.wait();
                        }
                    }
                    out.write(c.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // Connection closed.
            }
        }, "relay-write");
        reader.setDaemon(true);
        writer.setDaemon(true);
        reader.start();
        writer.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        resume();
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
