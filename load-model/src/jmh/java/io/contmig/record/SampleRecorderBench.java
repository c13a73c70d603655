package io.contmig.record;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Cost of recording one sample (issues 2 and 10: ≤ 100 ns/op and 0 B/op in steady state, 2 threads). Both threads
 * record the same operation and tenant tags, the contended case of a device fleet's publisher threads.
 *
 * <p>{@code legacyRecord}: the recorder before issue 10 ({@link LegacySampleRecorder}), measured in the same run as
 * today's. {@code record}: recording alone, no injection. {@code recordInInjection}: three phase boundaries passed,
 * the newest epoch attributed (the fast path during a migration). {@code recordStraggler}: every sample intended
 * before the newest boundary (the locked path, only taken by samples in flight when a boundary passes).
 * {@code recordWhileFlushing}: with a background thread taking the interval histograms every second, as
 * {@link LatencyLogWriter} does during a run (its allocations are per second, not per sample, so they vanish in
 * B/op).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SampleRecorderBench {

    /** The recorder shared by the benchmark threads. */
    @State(Scope.Benchmark)
    public static class Shared {
        SampleRecorder recorder;
        int acme;
        int globex;

        @Setup(Level.Trial)
        public void setUp() {
            // JMH orders the @Setup methods of a state's class hierarchy as it likes: subclasses call this first.
            if (recorder != null) {
                return;
            }
            recorder = new SampleRecorder();
            acme = recorder.operation("mqtt.e2e", "acme");
            globex = recorder.operation("mqtt.e2e", "globex");
        }
    }

    /** The recorder before issue 10, same tags. */
    @State(Scope.Benchmark)
    public static class Legacy {
        LegacySampleRecorder recorder;
        int acme;
        int globex;

        @Setup(Level.Trial)
        public void setUp() {
            recorder = new LegacySampleRecorder();
            acme = recorder.operation("mqtt.e2e", "acme");
            globex = recorder.operation("mqtt.e2e", "globex");
        }
    }

    /** Today's recorder with three boundaries passed at t=0: an injection's cutover phase runs. */
    @State(Scope.Benchmark)
    public static class InInjection extends Shared {
        @Setup(Level.Trial)
        public void boundaries() {
            setUp();
            recorder.boundary(0, true);
            recorder.boundary(0, true);
            recorder.boundary(0, true);
        }
    }

    /** Today's recorder with a boundary far ahead of every sample: each one is a straggler. */
    @State(Scope.Benchmark)
    public static class Stragglers extends Shared {
        @Setup(Level.Trial)
        public void boundaries() {
            setUp();
            recorder.boundary(0, true);
            recorder.boundary(1_000_000_000_000L, true);
        }
    }

    /** The recorder plus a thread that takes interval histograms every second. */
    @State(Scope.Benchmark)
    public static class Flushed extends Shared {
        private Thread flusher;
        private volatile boolean running;

        @Setup(Level.Trial)
        public void startFlusher() {
            running = true;
            flusher = new Thread(() -> {
                long next = System.nanoTime();
                while (running) {
                    next += 1_000_000_000L;
                    long wait;
                    while (running && (wait = next - System.nanoTime()) > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    recorder.takeIntervals();
                }
            }, "bench-flusher");
            flusher.setDaemon(true);
            flusher.start();
        }

        @TearDown(Level.Trial)
        public void stopFlusher() throws InterruptedException {
            running = false;
            flusher.join();
        }
    }

    /** Per thread: a ring of realistic latencies (0.5–50 ms, some failures) so nothing constant-folds. */
    @State(Scope.Thread)
    public static class Samples {
        final long[] latencyNanos = new long[1024];
        final boolean[] ok = new boolean[1024];
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < latencyNanos.length; i++) {
                latencyNanos[i] = 500_000L + random.nextLong(50_000_000L);
                ok[i] = random.nextInt(100) != 0;
            }
        }
    }

    @Benchmark
    public void record(Shared shared, Samples s) {
        recordNext(shared, s);
    }

    @Benchmark
    public void legacyRecord(Legacy shared, Samples s) {
        int i = s.next++ & 1023;
        long intended = i * 1_000L;
        shared.recorder.record((i & 1) == 0 ? shared.acme : shared.globex, intended, intended,
                intended + s.latencyNanos[i], s.ok[i]);
    }

    @Benchmark
    public void recordInInjection(InInjection shared, Samples s) {
        recordNext(shared, s);
    }

    @Benchmark
    public void recordStraggler(Stragglers shared, Samples s) {
        recordNext(shared, s);
    }

    @Benchmark
    public void recordWhileFlushing(Flushed shared, Samples s) {
        recordNext(shared, s);
    }

    /** The next sample of the thread's ring: alternating tenants, so that both tags are hot. */
    private static void recordNext(Shared shared, Samples s) {
        int i = s.next++ & 1023;
        long intended = i * 1_000L;
        shared.recorder.record((i & 1) == 0 ? shared.acme : shared.globex, intended, intended,
                intended + s.latencyNanos[i], s.ok[i]);
    }
}
