package io.contmig.runner.generate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.inject.InjectorFactories;
import io.contmig.plan.BenchPlan;
import io.contmig.plan.Overrides;
import io.contmig.plan.PlanResolver;
import io.contmig.plan.ScenarioSource;
import io.contmig.record.LatencyLogWriter;
import io.contmig.record.Mark;
import io.contmig.record.PhaseBoundaries;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.runner.bench.BenchLoad;
import io.contmig.runner.bench.LoadSummary;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A generator process: {@code GeneratorMain --control <host:port> [--index <i>]} with the token in the environment
 * variable {@value #TOKEN_ENV} (the index defaults to {@code JOB_COMPLETION_INDEX}, which an indexed Kubernetes Job
 * sets). It gets its {@link GeneratorSpec} over the control connection ({@link ControlServer} has the protocol),
 * provisions nothing, waits for the run's t=0, measures its wall clock against the runner's and joins the run
 * clock corrected by that offset, drives its share of the load with its own recorder and latency log (phase
 * boundaries come from the runner), and at the end writes {@code latency.hlog}, {@code acks.tsv} and
 * {@code summary.json} to its standard output as {@link FramedFiles}.
 *
 * <p>Exit codes: 0 done; 1 bad arguments; 3 the run failed (the message is on standard error). The only other
 * place than the runner's {@code Main} that calls {@link System#exit}.
 */
public final class GeneratorMain {

    /** The environment variable holding the run's control token. */
    public static final String TOKEN_ENV = "CONTMIG_GENERATOR_TOKEN";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLOCK_PROBES = 7;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private GeneratorMain() {
    }

    public static void main(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        String control = options.get("--control");
        String index = options.getOrDefault("--index", System.getenv("JOB_COMPLETION_INDEX"));
        String token = System.getenv(TOKEN_ENV);
        if (control == null || index == null || token == null || !control.contains(":")) {
            System.err.println("usage: GeneratorMain --control <host:port> [--index <i>] (with " + TOKEN_ENV + " set)");
            System.exit(1);
        }
        try {
            run(control.substring(0, control.lastIndexOf(':')), Integer.parseInt(control.substring(control.lastIndexOf(':') + 1)),
                    Integer.parseInt(index), token, System.out);
            System.exit(0);
        } catch (Exception e) {
            System.err.println("[contmig] generator " + index + ": " + e.getMessage());
            System.exit(3);
        }
    }

    /** One generator's whole life; its framed files go to {@code out}. */
    static void run(String host, int port, int index, String token, PrintStream out) throws Exception {
        Path work = Files.createTempDirectory("contmig-generator-" + index + "-");
        try (Socket socket = connect(host, port)) {
            Control control = new Control(socket);
            control.send("hello " + index + " " + token);
            GeneratorSpec spec = JSON.readValue(Base64.getDecoder().decode(control.reply("spec")), GeneratorSpec.class);
            // Injections, gates and the target are the runner's business (the spec says where devices and REST
            // clients go); without them the plan resolves whatever this process has installed or configured.
            ObjectNode tree = (ObjectNode) JSON.readTree(spec.planJson());
            tree.remove(List.of("injections", "gates", "target", "endpoints", "sandbox"));
            BenchPlan plan = PlanResolver.standard(InjectorFactories.installed().catalog())
                    .resolve(ScenarioSource.text("plan.json", JSON.writeValueAsString(tree)), Overrides.NONE);
            GeneratorLoadFactory factory = (GeneratorLoadFactory) Class.forName(spec.loadFactory())
                    .getDeclaredConstructor().newInstance();
            SampleRecorder recorder = new SampleRecorder();
            PhaseBoundaries boundaries = new PhaseBoundaries(recorder);
            control.onMark(boundaries);
            try (BenchLoad load = factory.open(plan, spec, work, System.err)) {
                load.provision();
                control.send("t0");
                long t0Micros = Long.parseLong(control.reply("t0"));
                long[] offset = probeClock(control);
                control.send("offset " + offset[0] + " " + offset[1]);
                Instant zero = Instant.ofEpochSecond(0, t0Micros * 1_000L);
                RunClock clock = RunClock.joining(zero, (ControlServer.wallMicros() - offset[0] - t0Micros) * 1_000L);
                Path hlog = work.resolve("latency.hlog");
                LoadSummary summary;
                Optional<String> restProblem;
                ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "contmig-generator-progress");
                    t.setDaemon(true);
                    return t;
                });
                try (LatencyLogWriter log = new LatencyLogWriter(hlog, recorder, clock)) {
                    log.start();
                    load.connect(recorder, clock);
                    control.send("connected");
                    control.reply("start");
                    load.start();
                    progress.scheduleAtFixedRate(() -> control.send("progress " + load.acknowledged() + " "
                            + load.failures()), 0, 1, TimeUnit.SECONDS);
                    clock.sleepUntil(plan.duration());
                    restProblem = load.stop();
                    summary = load.drain(DRAIN_TIMEOUT);
                } finally {
                    progress.shutdownNow();
                }
                control.send("progress " + load.acknowledged() + " " + load.failures());
                Path acks = work.resolve("acks.tsv");
                AckFile.write(load.acknowledgedEvents(), acks);
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("generator", index);
                s.put("published", summary.published());
                s.put("acknowledged", summary.acknowledged());
                s.put("failures", summary.failures());
                s.put("connectionMode", summary.connectionMode());
                s.put("mqttClient", summary.mqttClient());
                s.put("generatorP99LagMs", summary.generatorP99LagMs());
                s.put("generatorSaturated", summary.generatorSaturated());
                s.put("description", summary.description());
                s.put("restProblem", restProblem.orElse(null));
                s.put("clockOffsetMicros", offset[0]);
                s.put("clockRttMicros", offset[1]);
                s.put("host", java.net.InetAddress.getLocalHost().getHostName());
                Path summaryFile = work.resolve("summary.json");
                JSON.writeValue(summaryFile.toFile(), s);
                FramedFiles.write(out, "latency.hlog", hlog);
                FramedFiles.write(out, "acks.tsv", acks);
                FramedFiles.write(out, "summary.json", summaryFile);
                control.send("done");
            }
        } finally {
            deleteTree(work);
        }
    }

    /** The runner may still be binding, a pod may start before its network is up: a few tries. */
    private static Socket connect(String host, int port) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                Socket s = new Socket(host, port);
                s.setTcpNoDelay(true);
                return s;
            } catch (IOException e) {
                last = e;
                Thread.sleep(500); // a retry delay: there is no condition to await before the runner answers
            }
        }
        throw new IOException("cannot reach the runner's control port " + host + ":" + port + ": " + last.getMessage(),
                last);
    }

    /** {offset µs (this clock − the runner's), round trip µs} of the probe with the shortest round trip. */
    private static long[] probeClock(Control control) throws IOException, InterruptedException {
        long bestRtt = Long.MAX_VALUE;
        long bestOffset = 0;
        for (int i = 0; i < CLOCK_PROBES; i++) {
            long sent = ControlServer.wallMicros();
            control.send("time");
            long runner = Long.parseLong(control.reply("time"));
            long received = ControlServer.wallMicros();
            if (received - sent < bestRtt) {
                bestRtt = received - sent;
                bestOffset = (sent + received) / 2 - runner;
            }
        }
        return new long[]{bestOffset, bestRtt};
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // scratch space in the temporary directory
        }
    }

    /** The generator's end of the control connection: replies in order on a queue, marks to the recorder. */
    private static final class Control {
        private final OutputStream out;
        private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        private volatile PhaseBoundaries boundaries;

        Control(Socket socket) throws IOException {
            this.out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            Thread reader = new Thread(() -> {
                try {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.startsWith("mark ")) {
                            mark(line);
                        } else {
                            replies.add(line);
                        }
                    }
                } catch (IOException e) {
                    // the runner closed the connection
                }
                replies.add("closed");
            }, "contmig-generator-control");
            reader.setDaemon(true);
            reader.start();
        }

        void onMark(PhaseBoundaries b) {
            this.boundaries = b;
        }

        private void mark(String line) {
            String[] f = line.split(" ", 4);
            PhaseBoundaries b = boundaries;
            if (b != null && f.length == 4) {
                // The timeline's lock orders the runner's marks; this one thread keeps that order here.
                synchronized (b) {
                    b.accept(new Mark(Double.parseDouble(f[1]), f[2], f[3], Map.of("injection", f[3])));
                }
            }
        }

        synchronized void send(String line) {
            try {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("control connection lost", e);
            }
        }

        /** The next reply, which must start with {@code word}; its rest. */
        String reply(String word) throws IOException, InterruptedException {
            String line = replies.take();
            if (line.equals("closed")) {
                replies.add(line);
                throw new IOException("the runner closed the control connection while " + word + " was awaited");
            }
            if (!line.startsWith(word)) {
                throw new IOException("control: expected '" + word + "', got '" + line + "'");
            }
            return line.length() == word.length() ? "" : line.substring(word.length() + 1);
        }
    }
}
