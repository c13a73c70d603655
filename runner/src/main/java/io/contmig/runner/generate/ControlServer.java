package io.contmig.runner.generate;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The runner's end of the generators' control connections: one TCP connection per generator, line-based.
 *
 * <pre>
 * generator → runner                     runner → generator
 * hello &lt;index&gt; &lt;token&gt;                  spec &lt;base64 JSON of GeneratorSpec&gt;
 * t0          (ready: waits for t=0)     t0 &lt;wall-clock µs of t=0&gt;   (then every mark so far)
 * time        (clock probe)              time &lt;runner's wall-clock µs&gt;
 * offset &lt;µs&gt; &lt;rtt µs&gt;                    mark &lt;t ms&gt; &lt;kind&gt; &lt;injection&gt;   (phase boundaries, any time)
 * connected                              start
 * progress &lt;acknowledged&gt; &lt;failures&gt;
 * done
 * </pre>
 * A connection whose {@code hello} has a wrong token or index is closed. The clock offset a generator reports is
 * its wall clock minus the runner's, from the probe with the shortest round trip (Cristian's algorithm).
 *
 * <p>Thread-safe: one accepting thread, one thread per connection (daemons); the runner's thread calls the rest.
 */
public final class ControlServer implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the runner knows of one generator; fields guarded by the server. */
    public static final class Generator {
        private boolean hello;
        private boolean ready;
        private boolean connected;
        private boolean done;
        private long offsetMicros;
        private long rttMicros = -1;
        private long acknowledged;
        private long failures;
        private Session session;

        public synchronized long offsetMicros() {
            return offsetMicros;
        }

        public synchronized long rttMicros() {
            return rttMicros;
        }
    }

    private final ServerSocket socket;
    private final String token;
    private final IntFunction<GeneratorSpec> specs;
    private final Generator[] generators;
    private final List<String> marks = new ArrayList<>();
    private long t0Micros = -1;
    private boolean started;
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * Listens on {@code bind}:{@code port} (0: any free port) for {@code count} generators, each given
     * {@code specs.apply(index)} after a {@code hello} carrying {@code token}.
     */
    public ControlServer(InetAddress bind, int port, int count, String token, IntFunction<GeneratorSpec> specs)
            throws IOException {
        this.socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(bind, port));
        this.token = token;
        this.specs = specs;
        this.generators = new Generator[count];
        for (int i = 0; i < count; i++) {
            generators[i] = new Generator();
        }
        this.acceptor = new Thread(this::acceptLoop, "contmig-generator-control");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port generators connect to. */
    public int port() {
        return socket.getLocalPort();
    }

    /** What is known of generator {@code index}. */
    public Generator generator(int index) {
        return generators[index];
    }

    /** Sets t=0 (wall-clock µs) and sends it to every generator waiting for it. */
    public synchronized void startClock(long wallMicrosAtZero) {
        t0Micros = wallMicrosAtZero;
        for (Generator g : generators) {
            synchronized (g) {
                if (g.ready && g.session != null) {
                    sendClock(g.session);
                }
            }
        }
        notifyAll();
    }

    /** Tells every generator to start sending. */
    public synchronized void start() {
        started = true;
        for (Generator g : generators) {
            synchronized (g) {
                if (g.session != null) {
                    g.session.send("start");
                }
            }
        }
    }

    /** Sends a phase boundary to every generator (and to those that join later, after t=0). */
    public synchronized void mark(double tMs, String kind, String injection) {
        String line = "mark " + tMs + " " + kind + " " + injection;
        marks.add(line);
        for (Generator g : generators) {
            synchronized (g) {
                if (g.ready && t0Micros >= 0 && g.session != null) {
                    g.session.send(line);
                }
            }
        }
    }

    /** Events acknowledged so far over every generator (their last progress lines). */
    public long acknowledged() {
        long sum = 0;
        for (Generator g : generators) {
            synchronized (g) {
                sum += g.acknowledged;
            }
        }
        return sum;
    }

    /** Intended events that failed so far over every generator. */
    public long failures() {
        long sum = 0;
        for (Generator g : generators) {
            synchronized (g) {
                sum += g.failures;
            }
        }
        return sum;
    }

    /** Which state {@link #await} waits for. */
    public enum State { READY, CONNECTED, DONE }

    /**
     * Waits until every generator reached {@code state}; {@code failure} is asked every 100 ms for a generator that
     * died meanwhile (then this throws at once with its description).
     */
    public synchronized void await(State state, Duration timeout, Supplier<Optional<String>> failure)
            throws TimeoutException, InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int missing = 0;
            for (Generator g : generators) {
                synchronized (g) {
                    boolean reached = switch (state) {
                        case READY -> g.ready;
                        case CONNECTED -> g.connected;
                        case DONE -> g.done;
                    };
                    missing += reached ? 0 : 1;
                }
            }
            if (missing == 0) {
                return;
            }
            Optional<String> dead = failure.get();
            if (dead.isPresent()) {
                throw new IOException(dead.get());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException(missing + " of " + generators.length + " generators not "
                        + state.name().toLowerCase(java.util.Locale.ROOT) + " within " + timeout.toSeconds() + " s");
            }
            wait(Math.min(100, Math.max(1, left / 1_000_000)));
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = socket.accept();
                s.setTcpNoDelay(true);
                Thread t = new Thread(() -> serve(new Session(s)), "contmig-generator-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    System.getLogger(ControlServer.class.getName()).log(System.Logger.Level.WARNING,
                            "generator control: accept failed: {0}", e.toString());
                }
            }
        }
    }

    private void serve(Session session) {
        Generator g = null;
        try (session) {
            String line;
            while ((line = session.in.readLine()) != null) {
                String[] f = line.split(" ");
                if (g == null) {
                    g = hello(f, session);
                    if (g == null) {
                        return;
                    }
                    continue;
                }
                switch (f[0]) {
                    case "t0" -> {
                        synchronized (this) {
                            synchronized (g) {
                                g.ready = true;
                                if (t0Micros >= 0) {
                                    sendClock(session);
                                }
                            }
                            notifyAll();
                        }
                    }
                    case "time" -> session.send("time " + wallMicros());
                    case "offset" -> {
                        synchronized (g) {
                            g.offsetMicros = Long.parseLong(f[1]);
                            g.rttMicros = Long.parseLong(f[2]);
                        }
                    }
                    case "connected" -> {
                        synchronized (this) {
                            synchronized (g) {
                                g.connected = true;
                                if (started) {
                                    session.send("start");
                                }
                            }
                            notifyAll();
                        }
                    }
                    case "progress" -> {
                        synchronized (g) {
                            g.acknowledged = Long.parseLong(f[1]);
                            g.failures = Long.parseLong(f[2]);
                        }
                    }
                    case "done" -> {
                        synchronized (this) {
                            synchronized (g) {
                                g.done = true;
                            }
                            notifyAll();
                        }
                    }
                    default -> { }
                }
            }
        } catch (IOException | RuntimeException e) {
            // A generator that goes away is seen by its executor (exit code, pod status), which says why.
        }
    }

    private Generator hello(String[] f, Session session) throws IOException {
        if (f.length != 3 || !f[0].equals("hello") || !f[2].equals(token)) {
            return null;
        }
        int index;
        try {
            index = Integer.parseInt(f[1]);
        } catch (NumberFormatException e) {
            return null;
        }
        if (index < 0 || index >= generators.length) {
            return null;
        }
        Generator g = generators[index];
        synchronized (g) {
            if (g.hello) {
                return null;
            }
            g.hello = true;
            g.session = session;
        }
        session.send("spec " + Base64.getEncoder().encodeToString(JSON.writeValueAsBytes(specs.apply(index))));
        return g;
    }

    /** t=0, then the marks so far; called with the server's lock held. */
    private void sendClock(Session session) {
        session.send("t0 " + t0Micros);
        marks.forEach(session::send);
    }

    /** Wall-clock microseconds now. */
    static long wallMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
        for (Generator g : generators) {
            Session s;
            synchronized (g) {
                s = g.session;
            }
            if (s != null) {
                s.close();
            }
        }
    }

    /** One connection; {@link #send} is synchronized so that lines of several threads never interleave. */
    private static final class Session implements Closeable {
        private final Socket socket;
        private final BufferedReader in;
        private final OutputStream out;

        Session(Socket socket) {
            this.socket = socket;
            try {
                this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                this.out = socket.getOutputStream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        synchronized void send(String line) {
            try {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                // the reading thread sees the connection end
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing
            }
        }
    }
}
