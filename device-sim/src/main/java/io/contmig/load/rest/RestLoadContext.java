package io.contmig.load.rest;

import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What a Gatling simulation of this run needs and cannot receive through its no-argument constructor: the
 * configuration, the JWT, and where samples go. {@link GatlingRestLoad} installs it for the duration of one
 * Gatling run in this JVM; simulations (the built-in one, or a user's) read it with {@link #current()}.
 *
 * <p>Thread-safe: installed once before Gatling starts, read by Gatling's threads.
 */
public final class RestLoadContext {

    private static volatile RestLoadContext current;

    private final RestLoadConfig config;
    private final Supplier<String> jwt;
    private final SampleRecorder recorder;
    private final RunClock clock;
    private final Map<String, Integer> operations = new ConcurrentHashMap<>();

    RestLoadContext(RestLoadConfig config, Supplier<String> jwt, SampleRecorder recorder, RunClock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.jwt = Objects.requireNonNull(jwt, "jwt");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The context of the Gatling run in progress.
     *
     * @throws IllegalStateException outside a run started by {@link GatlingRestLoad}
     */
    public static RestLoadContext current() {
        RestLoadContext c = current;
        if (c == null) {
            throw new IllegalStateException("no contmig REST load is running: simulations using RestLoadContext "
                    + "must be started by io.contmig.load.rest.GatlingRestLoad");
        }
        return c;
    }

    static void install(RestLoadContext context) {
        synchronized (RestLoadContext.class) {
            if (current != null) {
                throw new IllegalStateException("a contmig REST load is already running in this JVM");
            }
            current = context;
        }
    }

    static void clear() {
        current = null;
    }

    public RestLoadConfig config() {
        return config;
    }

    /** A current JWT (fetched again before it expires). */
    public String jwt() {
        return jwt.get();
    }

    public RunClock clock() {
        return clock;
    }

    /**
     * Records one request of kind {@code name} for {@code tenant} as {@code rest.<name>} (and {@code @tenant}).
     * Wait-free after the first call per (name, tenant).
     */
    public void record(String name, String tenant, long intendedNanos, long startNanos, long endNanos, boolean ok) {
        String key = name + "@" + tenant;
        Integer id = operations.get(key);
        if (id == null) {
            id = operations.computeIfAbsent(key, k -> recorder.operation("rest." + name, tenant));
        }
        recorder.record(id, intendedNanos, startNanos, endNanos, ok);
    }

    /** Registers every tag in advance, so the hot path never registers. */
    void registerAll() {
        for (RestRate rate : config.rates()) {
            for (RestTargets t : config.tenants()) {
                record0(rate.name(), t.tenant());
            }
        }
    }

    private void record0(String name, String tenant) {
        operations.computeIfAbsent(name + "@" + tenant, k -> recorder.operation("rest." + name, tenant));
    }
}
