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

    public void pause() {
        paused = true;
    }

    public void resume() {
        synchronized (pauseLock) {
            paused = false;
            pauseLock.notifyAll();
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket down = server.accept();
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
