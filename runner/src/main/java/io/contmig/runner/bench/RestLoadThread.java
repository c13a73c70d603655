package io.contmig.runner.bench;

import io.contmig.load.GeneratorShare;
import io.contmig.load.PlanLoads;
import io.contmig.load.provision.ProvisionedFleet;
import io.contmig.load.provision.ProvisioningException;
import io.contmig.load.provision.SiteWhereProvisioner;
import io.contmig.load.rest.GatlingRestLoad;
import io.contmig.load.rest.RestLoadConfig;
import io.contmig.plan.BenchPlan;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;

import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The plan's REST load (or a generator's share of it; Gatling, in-process) on its own thread for the run's duration; a no-op when the plan has
 * no REST load. A failure is kept and reported by {@link #awaitEnd}, not thrown: the MQTT load and the injections
 * go on, and the run records that its API load failed.
 */
final class RestLoadThread {

    private final Thread thread;
    private final AtomicReference<String> problem = new AtomicReference<>();

    private RestLoadThread(Thread thread) {
        this.thread = thread;
    }

    static RestLoadThread start(BenchPlan plan, URI baseUrl, GeneratorShare share, ProvisionedFleet provisioned,
                                ProvisionedFleet spares, SiteWhereProvisioner provisioner, SampleRecorder recorder, RunClock clock,
                                Path resultsDir) {
        Optional<RestLoadConfig> config = PlanLoads.rest(plan, baseUrl, provisioned, spares, resultsDir, share);
        if (config.isEmpty()) {
            return new RestLoadThread(null);
        }
        GatlingRestLoad load = new GatlingRestLoad(config.get());
        RestLoadThread[] self = new RestLoadThread[1];
        Thread thread = new Thread(() -> {
            try {
                GatlingRestLoad.Result result = load.run(() -> {
                    try {
                        return provisioner.jwt().token();
                    } catch (ProvisioningException e) {
                        throw new IllegalStateException("rest: cannot refresh the JWT: " + e.getMessage(), e);
                    }
                }, recorder, clock);
                if (!result.completed()) {
                    self[0].problem.set("Gatling ended with status " + result.gatlingStatus());
                }
            } catch (java.io.IOException | UncheckedIOException | IllegalStateException e) {
                self[0].problem.set(e.getMessage());
            }
        }, "contmig-rest-load");
        self[0] = new RestLoadThread(thread);
        thread.setDaemon(true);
        thread.start();
        return self[0];
    }

    /** Waits for the REST load to end; the problem it had, if any. */
    Optional<String> awaitEnd(Duration timeout) throws InterruptedException {
        if (thread == null) {
            return Optional.empty();
        }
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            return Optional.of("the REST load did not end within " + timeout.toSeconds() + " s after the run");
        }
        return Optional.ofNullable(problem.get());
    }
}
