package io.contmig.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on 127.0.0.1 (kernel-chosen free port) to one target that emulates a WAN link: each direction has a
 * one-way delay (a chunk read at time t is written at t + delay, order preserved), an optional bandwidth cap shared
 * by all connections of that direction (a chunk occupies the link for size/rate before its delay starts), and
 * {@link #pause()}/{@link #resume()} to hold all traffic (accepted connections and read data wait; nothing is
 * dropped), and {@link #partition()}/{@link #healPartition()} to cut the link (every connection is reset and new
 * ones are refused until the heal). Delay, bandwidth, pause and partition can be changed while running; a change of
 * delay or bandwidth applies to data read afterwards.
 *
 * <p>One selector thread serves every connection (hundreds are fine); per direction at most 4 MiB wait in the
 * proxy before it stops reading (TCP back-pressure). Half-closes are forwarded after the data before them; an
 * error on either side closes both. Every public method is thread-safe. {@link #close()} closes the listener and
 * every connection and is idempotent.
 *
 * <p>Example: {@code DelayProxy.start(new InetSocketAddress("127.0.0.1", pg.port()), ofMillis(20), ofMillis(20))}
 * turns a PostgreSQL {@code select 1} from ~0.1 ms into ~40 ms.
 *
 * <p>Over 400 lines on purpose: the selector loop, its timers and the inner {@code Flow}/{@code Conn} classes share
 * the selector thread's state (queues, link occupancy, read buffer) without locks, which a split would expose.
 */
public final class DelayProxy implements AutoCloseable {
    /** Which way bytes travel through the proxy. */
    public enum Direction {
        /** From the connecting client to the target (requests). */
        CLIENT_TO_TARGET,
        /** From the target back to the client (responses). */
        TARGET_TO_CLIENT
    }

    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final long MAX_QUEUED_BYTES = 4L * 1024 * 1024;

    private final InetSocketAddress target;
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final Set<Conn> conns = new HashSet<>(); // selector thread only
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final long[] delayNanos = new long[2];
    private final long[] bandwidthBytesPerSecond = new long[2];
    private final long[] linkFreeAtNanos = new long[2]; // selector thread only
    private final AtomicLong[] forwardedBytes = {new AtomicLong(), new AtomicLong()};
    private final AtomicInteger openConnections = new AtomicInteger();
    private final AtomicLong acceptedConnections = new AtomicLong();
    private volatile boolean paused;
    private volatile boolean partitioned;
    private volatile boolean running = true;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private DelayProxy(InetSocketAddress target, Duration clientToTarget, Duration targetToClient) throws IOException {
        this.target = target;
        setDelay(Direction.CLIENT_TO_TARGET, clientToTarget);
        setDelay(Direction.TARGET_TO_CLIENT, targetToClient);
        this.selector = Selector.open();
        this.listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        this.thread = new Thread(this::loop, "contmig-delay-proxy-" + port() + "->" + target.getPort());
        thread.setDaemon(true);
    }

    /**
     * Starts a proxy to {@code target} with the given one-way delays (zero = pass-through).
     *
     * @throws UncheckedIOException when the listener cannot be bound
     */
    public static DelayProxy start(InetSocketAddress target, Duration clientToTarget, Duration targetToClient) {
        Objects.requireNonNull(target, "target");
        try {
            DelayProxy proxy = new DelayProxy(target, clientToTarget, targetToClient);
            proxy.thread.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("could not open a delay proxy to " + target, e);
        }
    }

    /** A proxy to {@code 127.0.0.1:targetPort} with the same delay each way. */
    public static DelayProxy start(int targetPort, Duration eachWay) {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), eachWay, eachWay);
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The port clients connect to. */
    public int port() {
        return listener.socket().getLocalPort();
    }

    public InetSocketAddress target() {
        return target;
    }

    /** Sets the one-way delay of a direction; applies to bytes read from now on. */
    public void setDelay(Direction direction, Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("delay (" + delay + ") must be >= 0");
        }
        synchronized (delayNanos) {
            delayNanos[direction.ordinal()] = delay.toNanos();
        }
    }

    /** Sets both directions' delay. */
    public void setDelays(Duration eachWay) {
        setDelay(Direction.CLIENT_TO_TARGET, eachWay);
        setDelay(Direction.TARGET_TO_CLIENT, eachWay);
    }

    public Duration delay(Direction direction) {
        synchronized (delayNanos) {
            return Duration.ofNanos(delayNanos[direction.ordinal()]);
        }
    }

    /** Caps a direction at {@code bytesPerSecond} shared by all connections (0 = unlimited). */
    public void setBandwidth(Direction direction, long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytesPerSecond (" + bytesPerSecond + ") must be >= 0");
        }
        synchronized (delayNanos) {
            bandwidthBytesPerSecond[direction.ordinal()] = bytesPerSecond;
        }
    }

    /** The bandwidth cap of a direction in bytes per second; 0 = unlimited. */
    public long bandwidth(Direction direction) {
        synchronized (delayNanos) {
            return bandwidthBytesPerSecond[direction.ordinal()];
        }
    }

    /** Holds all traffic (both directions, all connections) until {@link #resume()}. */
    public void pause() {
        paused = true;
    }

    /** Releases held traffic: data whose delay has passed is written at once, in order. */
    public void resume() {
        paused = false;
        submit(() -> conns.forEach(c -> {
            flush(c.up);
            flush(c.down);
        }));
    }

    public boolean isPaused() {
        return paused;
    }

    /**
     * Cuts the link: resets every open connection (both sides see the reset, data in flight is dropped) and from now
     * on resets each new connection as soon as it is accepted, until {@link #healPartition()}. Returns once the open
     * connections are reset (or after 5 s if the proxy thread is stuck).
     */
    public void partition() {
        partitioned = true;
        CountDownLatch done = new CountDownLatch(1);
        submit(() -> {
            for (Conn c : new ArrayList<>(conns)) {
                c.reset();
            }
            done.countDown();
        });
        try {
            done.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends a {@link #partition()}: new connections are relayed again. Idempotent. */
    public void healPartition() {
        partitioned = false;
    }

    public boolean isPartitioned() {
        return partitioned;
    }

    /** Bytes written to the far side in a direction since start. */
    public long bytes(Direction direction) {
        return forwardedBytes[direction.ordinal()].get();
    }

    /** Connections currently open. */
    public int openConnections() {
        return openConnections.get();
    }

    /** Connections accepted since start. */
    public long acceptedConnections() {
        return acceptedConnections.get();
    }

    /** Closes the listener and every connection; waits up to 5 s for the proxy thread. Idempotent. */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            stopped.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- selector thread ------------------------------------------------------------------------------------------

    private void submit(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    private void loop() {
        try {
            while (running) {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                runDueTimers();
                long waitMillis = 0; // 0 = block until an event or wakeup
                Timer next = timers.peek();
                if (next != null) {
                    long nanos = next.dueNanos - System.nanoTime();
                    if (nanos < 1_000_000) {
                        // select() counts whole milliseconds; the last sub-millisecond is parked precisely so a
                        // 20 ms delay is 20.0x ms, not up to 21.
                        if (nanos > 0) {
                            LockSupport.parkNanos(nanos);
                        }
                        selector.selectNow();
                        handleSelected();
                        continue;
                    }
                    waitMillis = TimeUnit.NANOSECONDS.toMillis(nanos); // rounded down; the loop parks the rest
                }
                selector.select(waitMillis);
                handleSelected();
            }
        } catch (IOException | RuntimeException e) {
            // A broken selector ends the proxy; connections are closed below and clients see resets.
        } finally {
            for (Conn c : new HashSet<>(conns)) {
                c.close();
            }
            closeQuietly(listener);
            try {
                selector.close();
            } catch (IOException ignored) {
                // Nothing left to release.
            }
            stopped.countDown();
        }
    }

    private void handleSelected() {
        Set<SelectionKey> keys = selector.selectedKeys();
        for (SelectionKey key : keys) {
            if (!key.isValid()) {
                continue;
            }
            if (key.isAcceptable()) {
                accept();
                continue;
            }
            Side side = (Side) key.attachment();
            try {
                if (key.isConnectable()) {
                    side.conn.finishConnect();
                }
                if (key.isValid() && key.isReadable()) {
                    read(side.conn.flowFrom(side));
                }
                if (key.isValid() && key.isWritable()) {
                    flush(side.conn.flowTo(side));
                }
            } catch (IOException | RuntimeException e) {
                side.conn.close();
            }
        }
        keys.clear();
    }

    private void accept() {
        try {
            SocketChannel client;
            while ((client = listener.accept()) != null) {
                if (partitioned) {
                    resetQuietly(client);
                    continue;
                }
                SocketChannel upstream = SocketChannel.open();
                try {
                    client.configureBlocking(false);
                    client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    upstream.configureBlocking(false);
                    upstream.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    Conn conn = new Conn(client, upstream);
                    conn.clientKey = client.register(selector, SelectionKey.OP_READ, new Side(conn, true));
                    boolean connected = upstream.connect(target);
                    conn.targetKey = upstream.register(selector,
                            connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, new Side(conn, false));
                    conn.connected = connected;
                    conns.add(conn);
                    openConnections.incrementAndGet();
                    acceptedConnections.incrementAndGet();
                } catch (IOException e) {
                    closeQuietly(client);
                    closeQuietly(upstream);
                }
            }
        } catch (IOException e) {
            // Accept failures (e.g. too many open files) drop that one connection attempt only.
        }
    }

    private void read(Flow flow) throws IOException {
        readBuffer.clear();
        int n = flow.source.read(readBuffer);
        long now = System.nanoTime();
        if (n > 0) {
            readBuffer.flip();
            byte[] data = new byte[n];
            readBuffer.get(data);
            enqueue(flow, new Chunk(ByteBuffer.wrap(data), dueTime(flow.direction, n, now)));
            if (flow.queuedBytes >= MAX_QUEUED_BYTES) {
                flow.conn.setInterest(flow.sourceKey(), SelectionKey.OP_READ, false);
            }
        } else if (n < 0) {
            flow.sourceEof = true;
            flow.conn.setInterest(flow.sourceKey(), SelectionKey.OP_READ, false);
            enqueue(flow, new Chunk(null, dueTime(flow.direction, 0, now)));
        }
    }

    /** When a chunk of {@code size} bytes read now reaches the far side: link serialisation, then delay. */
    private long dueTime(Direction direction, int size, long now) {
        long delay;
        long rate;
        synchronized (delayNanos) {
            delay = delayNanos[direction.ordinal()];
            rate = bandwidthBytesPerSecond[direction.ordinal()];
        }
        long leaves = now;
        if (rate > 0) {
            long start = Math.max(now, linkFreeAtNanos[direction.ordinal()]);
            leaves = start + (long) (size * 1e9 / rate);
            linkFreeAtNanos[direction.ordinal()] = leaves;
        }
        return leaves + delay;
    }

    private void enqueue(Flow flow, Chunk chunk) {
        flow.queue.add(chunk);
        flow.queuedBytes += chunk.size();
        if (flow.queue.size() == 1) {
            schedule(flow, chunk.dueNanos);
        }
    }

    private void schedule(Flow flow, long dueNanos) {
        if (dueNanos < flow.timerDueNanos) {
            flow.timerDueNanos = dueNanos;
            timers.add(new Timer(dueNanos, flow));
        }
    }

    private void runDueTimers() {
        long now = System.nanoTime();
        Timer t;
        while ((t = timers.peek()) != null && t.dueNanos <= now) {
            timers.poll();
            if (t.flow.timerDueNanos == t.dueNanos) {
                t.flow.timerDueNanos = Long.MAX_VALUE;
                flush(t.flow);
            }
        }
    }

    /** Writes every due chunk of a flow in order; stops at the first one not yet due or not fully writable. */
    private void flush(Flow flow) {
        if (paused || !flow.conn.connected || flow.conn.closed) {
            return;
        }
        try {
            long now = System.nanoTime();
            Chunk head;
            while ((head = flow.queue.peek()) != null && head.dueNanos <= now) {
                if (head.data == null) {
                    flow.queue.poll();
                    flow.sink.shutdownOutput();
                    flow.sinkShut = true;
                    if (flow.conn.up.sinkShut && flow.conn.down.sinkShut) {
                        flow.conn.close();
                    }
                    return;
                }
                int written = flow.sink.write(head.data);
                forwardedBytes[flow.direction.ordinal()].addAndGet(written);
                if (head.data.hasRemaining()) {
                    flow.queuedBytes -= written;
                    flow.conn.setInterest(flow.sinkKey(), SelectionKey.OP_WRITE, true);
                    return;
                }
                flow.queue.poll();
                flow.queuedBytes -= written;
            }
            flow.conn.setInterest(flow.sinkKey(), SelectionKey.OP_WRITE, false);
            if (!flow.sourceEof && flow.queuedBytes < MAX_QUEUED_BYTES / 2) {
                flow.conn.setInterest(flow.sourceKey(), SelectionKey.OP_READ, true);
            }
            if (head != null) {
                schedule(flow, head.dueNanos);
            }
        } catch (IOException e) {
            flow.conn.close();
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing is best effort.
        }
    }

    private static void setLingerZero(SocketChannel channel) {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | RuntimeException ignored) {
            // Not connected (yet) or closed already: a plain close is all there is to do.
        }
    }

    private static void resetQuietly(SocketChannel channel) {
        setLingerZero(channel);
        closeQuietly(channel);
    }

    private record Timer(long dueNanos, Flow flow) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            return Long.compare(dueNanos, o.dueNanos);
        }
    }

    /** Bytes read at one time, or (data == null) the source's end of stream. */
    private static final class Chunk {
        final ByteBuffer data;
        final long dueNanos;

        Chunk(ByteBuffer data, long dueNanos) {
            this.data = data;
            this.dueNanos = dueNanos;
        }

        long size() {
            return data == null ? 0 : data.remaining();
        }
    }

    /** Which end of a connection a selection key belongs to. */
    private record Side(Conn conn, boolean client) {
    }

    /** One direction of a connection. */
    private final class Flow {
        final Conn conn;
        final Direction direction;
        final SocketChannel source;
        final SocketChannel sink;
        final ArrayDeque<Chunk> queue = new ArrayDeque<>();
        long queuedBytes;
        boolean sourceEof;
        boolean sinkShut;
        long timerDueNanos = Long.MAX_VALUE;

        Flow(Conn conn, Direction direction, SocketChannel source, SocketChannel sink) {
            this.conn = conn;
            this.direction = direction;
            this.source = source;
            this.sink = sink;
        }

        SelectionKey sourceKey() {
            return direction == Direction.CLIENT_TO_TARGET ? conn.clientKey : conn.targetKey;
        }

        SelectionKey sinkKey() {
            return direction == Direction.CLIENT_TO_TARGET ? conn.targetKey : conn.clientKey;
        }

    }

    /** A client connection and its connection to the target. */
    private final class Conn {
        final SocketChannel client;
        final SocketChannel upstream;
        final Flow up;
        final Flow down;
        SelectionKey clientKey;
        SelectionKey targetKey;
        boolean connected;
        boolean closed;

        Conn(SocketChannel client, SocketChannel upstream) {
            this.client = client;
            this.upstream = upstream;
            this.up = new Flow(this, Direction.CLIENT_TO_TARGET, client, upstream);
            this.down = new Flow(this, Direction.TARGET_TO_CLIENT, upstream, client);
        }

        Flow flowFrom(Side side) {
            return side.client() ? up : down;
        }

        Flow flowTo(Side side) {
            return side.client() ? down : up;
        }

        void finishConnect() throws IOException {
            if (upstream.finishConnect()) {
                connected = true;
                setInterest(targetKey, SelectionKey.OP_CONNECT, false);
                setInterest(targetKey, SelectionKey.OP_READ, true);
                flush(up); // data the client sent while we were connecting
            }
        }

        void setInterest(SelectionKey key, int op, boolean on) {
            if (key == null || !key.isValid()) {
                return;
            }
            int ops = key.interestOps();
            int wanted = on ? ops | op : ops & ~op;
            if (wanted != ops) {
                key.interestOps(wanted);
            }
        }

        /** Closes both sides with a TCP reset (SO_LINGER 0), as a cut link looks to its ends. */
        void reset() {
            if (!closed) {
                setLingerZero(client);
                setLingerZero(upstream);
                close();
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly(client);
            closeQuietly(upstream);
            conns.remove(this);
            openConnections.decrementAndGet();
        }
    }
}
