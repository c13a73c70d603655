package io.contmig.runner.bench;

import io.contmig.record.Mark;
import io.contmig.record.MarkKind;
import io.contmig.record.RunClock;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The console's view of a running bench: elapsed / total, events per second, errors, and the current injection
 * and phase. On a terminal it is one line rewritten every second; elsewhere (CI, a pipe) a plain line every ten
 * seconds and one per injection change. Listens to the timeline for injection and phase marks. Thread-safe.
 */
final class Progress implements Consumer<Mark>, AutoCloseable {

    private final RunClock clock;
    private final Duration total;
    private final LongSupplier acknowledged;
    private final LongSupplier failures;
    private final PrintStream out;
    private final boolean terminal;
    private final ScheduledExecutorService ticker;
    private volatile String activity = "baseline";
    private long lastAcknowledged;
    private long lastTickNanos;
    private long ticks;

    Progress(RunClock clock, Duration total, LongSupplier acknowledged, LongSupplier failures, PrintStream out,
             boolean terminal) {
        this.clock = clock;
        this.total = total;
        this.acknowledged = acknowledged;
        this.failures = failures;
        this.out = out;
        this.terminal = terminal;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "contmig-progress");
            t.setDaemon(true);
            return t;
        });
    }

    /** A terminal is assumed when a console is attached and CI is not set. */
    static boolean onTerminal() {
        return System.console() != null && System.getenv("CI") == null;
    }

    void start() {
        lastTickNanos = clock.nanos();
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void accept(Mark mark) {
        String injection = mark.attribute("injection");
        if (mark.is(MarkKind.INJECTION_STARTED)) {
            activity = injection + " started";
        } else if (mark.is(MarkKind.INJECTION_PHASE)) {
            activity = injection + ": " + mark.attribute("phase");
        } else if (mark.is(MarkKind.INJECTION_FINISHED)) {
            activity = injection + " finished";
        } else if (mark.is(MarkKind.INJECTION_FAILED)) {
            activity = injection + " FAILED: " + mark.attribute("reason");
        } else {
            return;
        }
        if (!terminal) {
            out.println("[contmig] " + String.format(Locale.ROOT, "%6.1fs ", mark.tMs() / 1000) + activity);
        }
    }

    private synchronized void tick() {
        long now = clock.nanos();
        long acked = acknowledged.getAsLong();
        double rate = (acked - lastAcknowledged) / Math.max(1e-9, (now - lastTickNanos) / 1e9);
        lastAcknowledged = acked;
        lastTickNanos = now;
        ticks++;
        String line = String.format(Locale.ROOT, "%5.0fs / %ds  %7.0f events/s  %d errors  %s",
                now / 1e9, total.toSeconds(), rate, failures.getAsLong(), activity);
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            out.flush();
        } else if (ticks % 10 == 0) {
            out.println("[contmig] " + line);
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        if (terminal) {
            out.println();
        }
    }
}
