package io.contmig.runner.bench;

import io.contmig.options.InjectorDescription;
import io.contmig.plan.FaultPlan;
import io.contmig.plan.FaultTrigger;
import io.contmig.plan.PlannedFault;
import io.contmig.record.Mark;
import io.contmig.record.MarkKind;
import io.contmig.record.RunClock;
import io.contmig.record.TimelineWriter;
import io.contmig.target.FaultControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a plan's fault injections alongside its migrations (faults may overlap them and each other; migrations stay
 * one at a time on the runner's thread): each fault on its own thread, started at its time or {@code offset} after
 * the {@code injection-phase} mark it follows (with no offset, on the thread announcing the phase, before the
 * phase's work goes on), held for its {@code for}, then healed. Marks, all with
 * {@code "injection": <name>}: {@code injection-started} ({@code injectionKind} {@code fault}, {@code fault} = its
 * kind, its link/server/site, {@code for}), {@code injection-phase} {@code fault} then {@code heal},
 * {@code injection-finished} (or {@code injection-failed} with a reason when the fault could not be started) and
 * {@code heal-finished} ({@code ok}, {@code reason}). A fault whose trigger never fired gets a
 * {@code fault-not-triggered} mark at {@link #close()}.
 *
 * <p>Thread-safe; {@link #start()} once, {@link #close()} once at the end of the load: it heals every active
 * fault at once (its hold is cut short) and waits for the heals. Never throws for a fault that fails: that is a
 * fact on the timeline.
 */
final class FaultScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FaultScheduler.class);
    private static final String SOURCE = "nemesis";
    /** How long {@link #close()} waits for the heals (a site's servers restarting) before giving up. */
    private static final Duration HEAL_TIMEOUT = Duration.ofMinutes(3);

    private final List<FaultPlan> faults;
    private final Optional<FaultControl> control;
    private final TimelineWriter timeline;
    private final RunClock clock;
    private final Map<String, Thread> threads = new ConcurrentHashMap<>();
    private final Map<String, AtomicBoolean> fired = new ConcurrentHashMap<>();
    /** Fault threads in a wait (before the start, or holding the fault): the ones {@link #close()} interrupts. */
    private final Set<Thread> waiting = new HashSet<>();
    private volatile boolean closing;

    FaultScheduler(List<FaultPlan> faults, Optional<FaultControl> control, TimelineWriter timeline, RunClock clock) {
        this.faults = List.copyOf(faults);
        this.control = control;
        this.timeline = timeline;
        this.clock = clock;
        faults.forEach(f -> fired.put(f.name(), new AtomicBoolean()));
    }

    /** Schedules the time-triggered faults and listens for the phases the others follow. */
    void start() {
        if (faults.isEmpty()) {
            return;
        }
        timeline.addListener(this::onMark);
        for (FaultPlan f : faults) {
            if (f.trigger() instanceof FaultTrigger.AtTime t) {
                launch(f, t.at());
            }
        }
    }

    private void onMark(Mark m) {
        if (closing || !m.is(MarkKind.INJECTION_PHASE)) {
            return;
        }
        for (FaultPlan f : faults) {
            if (f.trigger() instanceof FaultTrigger.AtPhase p && p.injection().equals(m.attribute("injection"))
                    && p.phase().equals(m.attribute("phase"))) {
                if (p.offset().isZero()) {
                    startInPhase(f);
                } else {
                    launch(f, Duration.ofNanos(clock.nanos()).plus(p.offset()));
                }
            }
        }
    }

    /**
     * A fault at the very start of a phase: started here, on the thread announcing the phase, so that the phase's
     * work only goes on once the fault holds (what makes "kill at the cutover" land in the cutover on a busy
     * machine); its hold and heal run on its own thread.
     */
    private void startInPhase(FaultPlan f) {
        if (!fired.get(f.name()).compareAndSet(false, true)) {
            return;
        }
        Optional<FaultControl.Heal> heal = begin(f);
        if (heal.isPresent()) {
            Thread t = new Thread(() -> holdAndHeal(f, heal.get()), "contmig-fault-" + f.name());
            t.setDaemon(true);
            threads.put(f.name(), t);
            t.start();
        }
    }

    /** Starts {@code f}'s thread, which waits until run time {@code at}; a fault fires once. */
    private void launch(FaultPlan f, Duration at) {
        if (!fired.get(f.name()).compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> run(f, at), "contmig-fault-" + f.name());
        t.setDaemon(true);
        threads.put(f.name(), t);
        t.start();
    }

    private void run(FaultPlan f, Duration at) {
        if (!sleepUntil(at) || closing) {
            timeline.mark("fault-not-triggered", SOURCE, Map.of("injection", f.name(), "reason",
                    "the load ended before its start at " + at.toMillis() + " ms"));
            return;
        }
        begin(f).ifPresent(heal -> holdAndHeal(f, heal));
    }

    /** Marks the start and starts the fault; empty (with the failure marked) when it could not be started. */
    private Optional<FaultControl.Heal> begin(FaultPlan f) {
        String name = f.name();
        timeline.mark(MarkKind.INJECTION_STARTED, SOURCE, startedAttributes(f));
        timeline.mark(MarkKind.INJECTION_PHASE, SOURCE, Map.of("injection", name, "phase", "fault"));
        try {
            return Optional.of(control.orElseThrow(() -> new IllegalStateException("the target has no fault control"))
                    .start(f.fault()));
        } catch (Exception e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.warn("fault {} could not start: {}", name, reason);
            timeline.mark(MarkKind.INJECTION_FAILED, SOURCE, Map.of("injection", name, "reason", reason));
            timeline.mark(MarkKind.HEAL_FINISHED, SOURCE, Map.of("injection", name, "ok", true));
            return Optional.empty();
        }
    }

    /** Holds the started fault for its {@code for} (less when the run ends first), then heals it. */
    private void holdAndHeal(FaultPlan f, FaultControl.Heal heal) {
        String name = f.name();
        sleepUntil(Duration.ofNanos(clock.nanos()).plus(f.fault().duration()));
        timeline.mark(MarkKind.INJECTION_PHASE, SOURCE, Map.of("injection", name, "phase", "heal"));
        Map<String, Object> healed = new LinkedHashMap<>();
        healed.put("injection", name);
        try {
            heal.heal();
            healed.put("ok", true);
        } catch (Exception e) {
            LOG.error("heal of fault {} failed: {}", name, e.getMessage());
            healed.put("ok", false);
            healed.put("reason", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        timeline.mark(MarkKind.INJECTION_FINISHED, SOURCE, Map.of("injection", name));
        timeline.mark(MarkKind.HEAL_FINISHED, SOURCE, healed);
    }

    private static Map<String, Object> startedAttributes(FaultPlan f) {
        PlannedFault fault = f.fault();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("injection", f.name());
        a.put("injectionKind", InjectorDescription.FAULT);
        a.put("fault", fault.kind().label());
        a.put(fault.kind().targetKey(), fault.target());
        a.put("for", fault.duration().toMillis() + "ms");
        fault.delay().ifPresent(d -> a.put("delay", d.toMillis() + "ms"));
        fault.bandwidthMbit().ifPresent(b -> a.put("bandwidthMbit", b));
        a.put("trigger", f.trigger().describe());
        return a;
    }

    /**
     * Sleeps until run time {@code t}; false when {@link #close()} interrupted it first. Clears any interrupt before
     * returning, so that what follows (a heal) runs whole.
     */
    private boolean sleepUntil(Duration t) {
        Thread self = Thread.currentThread();
        synchronized (waiting) {
            if (closing) {
                return false;
            }
            waiting.add(self);
        }
        boolean reached = true;
        long remaining;
        while (reached && (remaining = t.toNanos() - clock.nanos()) > 0) {
            try {
                // The schedule itself: a fault starts and heals at clock times, there is no condition to await.
                TimeUnit.NANOSECONDS.sleep(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(200)));
            } catch (InterruptedException e) {
                reached = false;
            }
        }
        synchronized (waiting) {
            waiting.remove(self);
            Thread.interrupted();
        }
        return reached;
    }

    /**
     * Ends the faults: those whose trigger never fired are marked {@code fault-not-triggered}; waiting and active
     * ones are interrupted (an active one heals at once) and joined. Idempotent.
     */
    @Override
    public void close() throws InterruptedException {
        synchronized (waiting) {
            if (closing) {
                return; // idempotent
            }
            closing = true;
        }
        for (FaultPlan f : faults) {
            if (!fired.get(f.name()).get()) {
                timeline.mark("fault-not-triggered", SOURCE, Map.of("injection", f.name(), "reason",
                        "its trigger " + f.trigger().describe() + " never fired"));
            }
        }
        synchronized (waiting) {
            waiting.forEach(Thread::interrupt);
        }
        List<Thread> running = new ArrayList<>(threads.values());
        long deadline = System.nanoTime() + HEAL_TIMEOUT.toNanos();
        for (Thread t : running) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive()) {
                LOG.error("fault thread {} still healing after {}", t.getName(), HEAL_TIMEOUT);
            }
        }
    }
}
