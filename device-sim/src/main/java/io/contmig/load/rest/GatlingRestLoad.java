package io.contmig.load.rest;

import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Runs the REST load with Gatling (Java DSL, 3.15) <em>in this JVM</em> via {@code Gatling$.fromArgs}: the built-in
 * {@link SiteWhereRestSimulation} or a user's simulation class. Per-request timings go straight into the run's
 * {@link SampleRecorder} on the run's {@link RunClock} (see {@link RestSamples}); Gatling's HTML report is kept in
 * {@link RestLoadConfig#resultsDir()} as a bonus, its console output in {@value #CONSOLE_FILE} there.
 *
 * <p>Why in-process: samples must share the run's one clock and recorder; a forked Gatling JVM would need a second
 * clock and a merge of two latency logs. The load already runs in a JVM forked from Maven, which is given
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED} (Gatling needs it). Gatling's usage analytics are switched
 * off ({@code gatling.data.enableAnalytics=false}) before it starts, always.
 *
 * <p>One run at a time per JVM; {@link #run} blocks for the duration of the load. Not thread-safe.
 */
public final class GatlingRestLoad {

    /** Outcome of one Gatling run. */
    public record Result(int gatlingStatus, Optional<Path> reportIndex) {
        /** Gatling's status 0: the run completed (assertions, if any, passed). */
        public boolean completed() {
            return gatlingStatus == 0;
        }
    }

    /** Gatling's console output, in {@link RestLoadConfig#resultsDir()}. */
    public static final String CONSOLE_FILE = "gatling-console.log";

    private final RestLoadConfig config;

    public GatlingRestLoad(RestLoadConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Runs the load to its end.
     *
     * @param jwt supplies a current JWT for every request (e.g. {@code JwtSource::token} wrapped)
     * @throws IllegalStateException when the user's simulation class cannot be loaded, or another run is active
     * @throws IOException           when the results directory cannot be created
     */
    public Result run(Supplier<String> jwt, SampleRecorder recorder, RunClock clock) throws IOException {
        if (config.rates().isEmpty() && config.userSimulation().isEmpty()) {
            throw new IllegalStateException("rest: no request rates and no simulation class: nothing to run");
        }
        String simulation = config.userSimulation().orElse(SiteWhereRestSimulation.class.getName());
        try {
            Class.forName(simulation, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("rest.simulation: class '" + simulation + "' is not on the classpath", e);
        }
        Files.createDirectories(config.resultsDir());
        // Gatling reports usage to an outside service unless told not to; nothing may leave loopback.
        System.setProperty("gatling.data.enableAnalytics", "false");
        RestLoadContext context = new RestLoadContext(config, jwt, recorder, clock);
        context.registerAll();
        RestLoadContext.install(context);
        int status;
        // Gatling prints its start, report and summary blocks with Scala's println (Console.out, inherited by the
        // threads it starts): into a file, so that contmig's own progress line is the console. Its periodic progress
        // blocks are off in gatling.conf (no console writer); its HTML report is still written.
        try (OutputStream console = Files.newOutputStream(config.resultsDir().resolve(CONSOLE_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            String[] args = {"-s", simulation, "-rf", config.resultsDir().toAbsolutePath().toString()};
            status = scala.Console$.MODULE$.withOut(console,
                    (scala.Function0<Integer>) () -> io.gatling.app.Gatling$.MODULE$.fromArgs(args));
        } finally {
            RestLoadContext.clear();
        }
        return new Result(status, newestReport(config.resultsDir()));
    }

    private static Optional<Path> newestReport(Path resultsDir) throws IOException {
        try (Stream<Path> runs = Files.list(resultsDir)) {
            return runs.map(p -> p.resolve("index.html")).filter(Files::exists)
                    .max(Comparator.comparingLong(p -> p.toFile().lastModified()));
        }
    }
}
