package io.contmig.record;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The CPU time of one {@code record} call, today's recorder against the one before issue 10, measured on one thread
 * in alternating rounds. A complement to {@link SampleRecorderBench} for an oversubscribed machine, where JMH's wall
 * time per operation mostly measures waiting for a core: thread CPU time does not count the waits.
 * Run: {@code java -cp <bench classpath> io.contmig.record.RecordCpuCost [rounds] [opsPerRound]}.
 */
public final class RecordCpuCost {

    private RecordCpuCost() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int ops = args.length > 1 ? Integer.parseInt(args[1]) : 20_000_000;
        long[] latency = new long[1024];
        boolean[] ok = new boolean[1024];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < latency.length; i++) {
            latency[i] = 500_000L + random.nextLong(50_000_000L);
            ok[i] = random.nextInt(100) != 0;
        }
        LegacySampleRecorder legacy = new LegacySampleRecorder();
        int[] legacyIds = {legacy.operation("mqtt.e2e", "acme"), legacy.operation("mqtt.e2e", "globex")};
        SampleRecorder today = new SampleRecorder();
        int[] todayIds = {today.operation("mqtt.e2e", "acme"), today.operation("mqtt.e2e", "globex")};
        SampleRecorder injection = new SampleRecorder();
        int[] injectionIds = {injection.operation("mqtt.e2e", "acme"), injection.operation("mqtt.e2e", "globex")};
        injection.boundary(0, true);
        injection.boundary(0, true);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        for (int round = 0; round < rounds; round++) {
            for (int which = 0; which < 3; which++) {
                long cpu = threads.getCurrentThreadCpuTime();
                for (int n = 0; n < ops; n++) {
                    int i = n & 1023;
                    long intended = (long) n * 1_000L;
                    if (which == 0) {
                        legacy.record(legacyIds[i & 1], intended, intended, intended + latency[i], ok[i]);
                    } else {
                        SampleRecorder r = which == 1 ? today : injection;
                        r.record((which == 1 ? todayIds : injectionIds)[i & 1], intended, intended,
                                intended + latency[i], ok[i]);
                    }
                }
                best[which] = Math.min(best[which], (threads.getCurrentThreadCpuTime() - cpu) / (double) ops);
            }
            if (round % 4 == 3) {
                today.takeIntervals();
                injection.takeIntervals();
            }
        }
        System.out.printf(Locale.ROOT, "CPU ns/op, best of %d rounds of %d: legacy %.1f; today %.1f; today in an injection %.1f%n",
                rounds, ops, best[0], best[1], best[2]);
    }
}
