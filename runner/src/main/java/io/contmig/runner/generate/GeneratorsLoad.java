package io.contmig.runner.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.plan.BenchPlan;
import io.contmig.plan.GeneratorsPlan;
import io.contmig.record.Mark;
import io.contmig.record.MarkKind;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.runner.bench.BenchException;
import io.contmig.runner.bench.BenchLoad;
import io.contmig.runner.bench.BenchTarget;
import io.contmig.runner.bench.LoadSummary;
import io.contmig.runner.bench.SiteWhereLoad;
import io.contmig.target.AcknowledgedEvents;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The load of a run split over generator processes ({@code load.generators}, {@link GeneratorsPlan#forked()}):
 * the runner provisions once, starts the generators through a {@link GeneratorExecutor} before t=0 (JVM start-up
 * and pod scheduling are not charged to the run), gives them t=0 and lets them connect, starts them together, and
 * forwards every phase boundary of the timeline ({@link #observe}). At the end it collects each generator's latency
 * log (merged into {@code latency.hlog} by the runner), acknowledged events (their union is what the cross-store
 * checker reads) and summary, with its clock offset against the runner.
 *
 * <p>See {@link BenchLoad} for the call order and threading; {@link #observe} is called under the timeline's lock.
 * Generator files are under {@code <runDir>/generators/<index>/}.
 */
public final class GeneratorsLoad implements BenchLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(2);
    /** Beyond the run's duration: the generators' drain (30 s), REST load end (60 s), and their output. */
    private static final Duration END_MARGIN = Duration.ofSeconds(150);

    /** Provisions the plan's fleets on the target (production: over SiteWhere's REST API). */
    @FunctionalInterface
    public interface Provisioning {
        SiteWhereLoad.Fleets provision(BenchPlan plan, BenchTarget target, PrintStream console) throws BenchException;
    }

    private final BenchPlan plan;
    private final BenchTarget target;
    private final Path directory;
    private final String runId;
    private final PrintStream console;
    private final GeneratorExecutor executor;
    private final Provisioning provisioning;
    private final String loadFactory;
    private final Duration readyTimeout;
    private ControlServer control;
    private List<Map<String, Object>> summaries = List.of();
    private AcknowledgedEvents acknowledged;

    public GeneratorsLoad(BenchPlan plan, BenchTarget target, Path runDir, PrintStream console,
                          GeneratorExecutor executor, Provisioning provisioning,
                          Class<? extends GeneratorLoadFactory> loadFactory, Duration readyTimeout) {
        this.plan = plan;
        this.target = target;
        this.directory = runDir.resolve("generators");
        this.runId = runDir.getFileName().toString();
        this.console = console;
        this.executor = executor;
        this.provisioning = provisioning;
        this.loadFactory = loadFactory.getName();
        this.readyTimeout = readyTimeout;
    }

    /** Production: provisioning over REST, {@link SiteWhereGeneratorLoad}, the plan's executor. */
    public static GeneratorsLoad standard(BenchPlan plan, BenchTarget target, Path runDir, PrintStream console) {
        GeneratorsPlan g = plan.load().generators();
        GeneratorExecutor executor = g.kubernetes().<GeneratorExecutor>map(KubernetesJobGenerators::new)
                .orElseGet(() -> new LocalJvmGenerators(List.of()));
        Duration ready = g.kubernetes().isPresent() ? Duration.ofMinutes(10) : Duration.ofMinutes(3);
        return new GeneratorsLoad(plan, target, runDir, console, executor,
                (p, t, out) -> SiteWhereLoad.provisionFleets(p, t.rest(), out), SiteWhereGeneratorLoad.class, ready);
    }

    @Override
    public void provision() throws BenchException, InterruptedException {
        SiteWhereLoad.Fleets fleets = provisioning.provision(plan, target, console);
        GeneratorsPlan g = plan.load().generators();
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        GeneratorSpec spec = new GeneratorSpec(runId, 0, g.count(), plan.toJson(), target.mqttUrl().toString(),
                target.rest().baseUrl().toString(), target.rest().authUrl().toString(), target.rest().username(),
                target.rest().password(), fleets.devices().devices(), fleets.spares().devices(), loadFactory);
        String host = g.kubernetes().map(GeneratorsPlan.KubernetesGenerators::controlHost).orElse("127.0.0.1");
        try {
            Files.createDirectories(directory);
            InetAddress bind = g.kubernetes().isPresent() ? InetAddress.getByName("0.0.0.0")
                    : InetAddress.getLoopbackAddress();
            control = new ControlServer(bind, g.kubernetes().map(GeneratorsPlan.KubernetesGenerators::controlPort)
                    .orElse(0), g.count(), token, spec::forIndex);
        } catch (IOException e) {
            throw new BenchException("load.generators: cannot open the control port: " + e.getMessage(), e);
        }
        console.println("[contmig] starting " + g.count() + " " + g.executor().label() + " generators (control "
                + host + ":" + control.port() + ")");
        executor.launch(new GeneratorExecutor.Launch(runId, g.count(), host, control.port(), token, directory));
        await(ControlServer.State.READY, readyTimeout);
    }

    private void await(ControlServer.State state, Duration timeout) throws BenchException, InterruptedException {
        try {
            control.await(state, timeout, executor::failure);
        } catch (TimeoutException | IOException e) {
            throw new BenchException("load.generators: " + e.getMessage(), e);
        }
    }

    @Override
    public void connect(SampleRecorder recorder, RunClock clock) throws BenchException, InterruptedException {
        Instant zero = clock.wallClockAtZero();
        control.startClock(zero.getEpochSecond() * 1_000_000L + zero.getNano() / 1_000);
        await(ControlServer.State.CONNECTED, CONNECT_TIMEOUT);
        StringBuilder offsets = new StringBuilder();
        for (int i = 0; i < plan.load().generators().count(); i++) {
            ControlServer.Generator gen = control.generator(i);
            offsets.append(String.format(Locale.ROOT, "%s%d: %+d µs (round trip %d µs)", i == 0 ? "" : ", ", i,
                    gen.offsetMicros(), gen.rttMicros()));
        }
        console.println("[contmig] generators connected; clock offsets vs the runner: " + offsets);
    }

    @Override
    public void start() {
        control.start();
    }

    @Override
    public void observe(Mark mark) {
        if (control != null && (mark.is(MarkKind.INJECTION_STARTED) || mark.is(MarkKind.INJECTION_PHASE)
                || mark.is(MarkKind.INJECTION_FINISHED) || mark.is(MarkKind.INJECTION_FAILED))) {
            String injection = mark.attribute("injection");
            control.mark(mark.tMs(), mark.kind(), injection == null ? mark.source() : injection);
        }
    }

    @Override
    public long acknowledged() {
        ControlServer c = control;
        return c == null ? 0 : c.acknowledged();
    }

    @Override
    public long failures() {
        ControlServer c = control;
        return c == null ? 0 : c.failures();
    }

    /** Waits for every generator to end and collects its files; the generators' REST problems, joined. */
    @Override
    public Optional<String> stop() throws BenchException, InterruptedException {
        try {
            executor.await(plan.duration().plus(END_MARGIN));
            List<Map<String, Object>> read = new ArrayList<>();
            List<Path> acks = new ArrayList<>();
            for (int i = 0; i < plan.load().generators().count(); i++) {
                Path dir = directory.resolve(Integer.toString(i));
                JsonNode s = JSON.readTree(dir.resolve("summary.json").toFile());
                @SuppressWarnings("unchecked")
                Map<String, Object> m = JSON.convertValue(s, LinkedHashMap.class);
                m.put("clockOffsetMicros", control.generator(i).offsetMicros());
                read.add(m);
                acks.add(dir.resolve("acks.tsv"));
            }
            summaries = read;
            acknowledged = AckFile.union(acks);
        } catch (IOException e) {
            throw new BenchException("load.generators: the generators' files: " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> s : summaries) {
            if (s.get("restProblem") != null) {
                problems.add("generator " + s.get("generator") + ": " + s.get("restProblem"));
            }
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    @Override
    public LoadSummary drain(Duration timeout) {
        long published = 0;
        long acked = 0;
        long failed = 0;
        double lag = 0;
        boolean saturated = false;
        StringBuilder text = new StringBuilder(summaries.size() + " generators:");
        for (Map<String, Object> s : summaries) {
            published += ((Number) s.get("published")).longValue();
            acked += ((Number) s.get("acknowledged")).longValue();
            failed += ((Number) s.get("failures")).longValue();
            lag = Math.max(lag, ((Number) s.get("generatorP99LagMs")).doubleValue());
            saturated |= Boolean.TRUE.equals(s.get("generatorSaturated"));
            text.append(System.lineSeparator()).append("  generator ").append(s.get("generator")).append(" (clock ")
                    .append(String.format(Locale.ROOT, "%+d µs", ((Number) s.get("clockOffsetMicros")).longValue()))
                    .append("): ").append(s.get("description"));
        }
        String mode = summaries.isEmpty() ? "none" : String.valueOf(summaries.get(0).get("connectionMode"));
        String client = summaries.isEmpty() ? "none"
                : String.valueOf(summaries.get(0).getOrDefault("mqttClient", "none"));
        // The worst generator's p99 lag stands for the run: each generator's own p99 is all the record keeps.
        return new LoadSummary(published, acked, failed, mode, client, lag, saturated, text.toString());
    }

    @Override
    public AcknowledgedEvents acknowledgedEvents() {
        return acknowledged;
    }

    @Override
    public List<Path> latencyLogs() {
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < plan.load().generators().count(); i++) {
            logs.add(directory.resolve(Integer.toString(i)).resolve("latency.hlog"));
        }
        return logs;
    }

    @Override
    public List<Map<String, Object>> generators() {
        List<Map<String, Object>> facts = new ArrayList<>();
        for (Map<String, Object> s : summaries) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String key : List.of("generator", "host", "clockOffsetMicros", "clockRttMicros", "published",
                    "acknowledged", "failures", "generatorP99LagMs")) {
                if (s.get(key) != null) {
                    m.put(key, s.get(key));
                }
            }
            facts.add(m);
        }
        return facts;
    }

    @Override
    public void close() {
        executor.close();
        if (control != null) {
            control.close();
        }
    }
}
