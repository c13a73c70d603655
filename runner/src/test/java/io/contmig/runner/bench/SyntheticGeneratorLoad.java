package io.contmig.runner.bench;

import io.contmig.load.GeneratorShare;
import io.contmig.load.PlanLoads;
import io.contmig.load.mqtt.DeviceIdentity;
import io.contmig.load.mqtt.IntendedStarts;
import io.contmig.load.mqtt.TenantDevices;
import io.contmig.plan.BenchPlan;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.runner.generate.GeneratorLoadFactory;
import io.contmig.runner.generate.GeneratorSpec;
import io.contmig.target.AcknowledgedEvents;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * A load without a server, for generator processes in tests: each device of the share sends on its plan-wide
 * seeded schedule (as the MQTT fleet does), every event is acknowledged, and its latency is a function of
 * (device, seq) only, so that any split of the same plan records exactly the same samples.
 */
public final class SyntheticGeneratorLoad implements GeneratorLoadFactory {

    @Override
    public BenchLoad open(BenchPlan plan, GeneratorSpec spec, Path workDir, PrintStream console) {
        return new Load(plan, new GeneratorShare(spec.index(), spec.count()));
    }

    /** The load of one share; {@link GeneratorShare#ALL} is the whole load in one process. */
    static final class Load implements BenchLoad {
        private final BenchPlan plan;
        private final GeneratorShare share;
        private final List<TenantDevices> devices;
        private final Map<String, Long> sentByToken = new LinkedHashMap<>();
        private final AtomicLong acknowledged = new AtomicLong();
        private Thread sender;
        private SampleRecorder recorder;
        private RunClock clock;

        Load(BenchPlan plan, GeneratorShare share) {
            this.plan = plan;
            this.share = share;
            this.devices = share.devices(PlanLoads.deviceNames(plan));
        }

        @Override
        public void provision() {
        }

        @Override
        public void connect(SampleRecorder recorder, RunClock clock) {
            this.recorder = recorder;
            this.clock = clock;
        }

        @Override
        public void start() {
            IntendedStarts.PerDevice schedules = PlanLoads.schedules(plan, share);
            List<int[]> opAndPlanIndex = new ArrayList<>();
            List<IntendedStarts> starts = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            for (TenantDevices t : devices) {
                int op = recorder.operation("mqtt.e2e", t.tenant());
                for (DeviceIdentity d : t.devices()) {
                    int local = starts.size();
                    opAndPlanIndex.add(new int[]{op, share.index() + local * share.count()});
                    starts.add(schedules.forDevice(local));
                    tokens.add(d.token());
                    sentByToken.put(d.token(), 0L);
                }
            }
            long end = plan.duration().toNanos();
            sender = new Thread(() -> {
                long[] next = new long[starts.size()];
                long[] seq = new long[starts.size()];
                for (int i = 0; i < next.length; i++) {
                    next[i] = starts.get(i).nextIntendedNanos();
                }
                while (true) {
                    int first = -1;
                    for (int i = 0; i < next.length; i++) {
                        if (next[i] < end && (first < 0 || next[i] < next[first])) {
                            first = i;
                        }
                    }
                    if (first < 0) {
                        return;
                    }
                    long wait = next[first] - clock.nanos();
                    if (wait > 1_000_000) {
                        try {
                            Thread.sleep(wait / 1_000_000); // an open schedule: the next intended start is a time
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    int[] o = opAndPlanIndex.get(first);
                    long s = ++seq[first];
                    long latency = (1 + (o[1] * 7L + s * 13L) % 50) * 1_000_000L;
                    recorder.record(o[0], next[first], next[first], next[first] + latency, true);
                    synchronized (sentByToken) {
                        sentByToken.put(tokens.get(first), s);
                    }
                    acknowledged.incrementAndGet();
                    next[first] = starts.get(first).nextIntendedNanos();
                }
            }, "synthetic-load");
            sender.start();
        }

        @Override
        public long acknowledged() {
            return acknowledged.get();
        }

        @Override
        public long failures() {
            return 0;
        }

        @Override
        public Optional<String> stop() throws InterruptedException {
            sender.join(10_000);
            return Optional.empty();
        }

        @Override
        public LoadSummary drain(Duration timeout) {
            return new LoadSummary(acknowledged.get(), acknowledged.get(), 0, "synthetic", "none", 0, false,
                    "synthetic: " + acknowledged.get() + " events of " + sentByToken.size() + " devices");
        }

        @Override
        public AcknowledgedEvents acknowledgedEvents() {
            return new AcknowledgedEvents() {
                @Override
                public List<String> tenants() {
                    return devices.stream().map(TenantDevices::tenant).toList();
                }

                @Override
                public Map<String, String> deviceIds(String tenant) {
                    Map<String, String> ids = new LinkedHashMap<>();
                    devices.stream().filter(t -> t.tenant().equals(tenant))
                            .forEach(t -> t.devices().forEach(d -> ids.put(d.token(), "id-" + d.token())));
                    return ids;
                }

                @Override
                public void forEachAcknowledged(String tenant, String device, LongConsumer action) {
                    long n;
                    synchronized (sentByToken) {
                        n = sentByToken.getOrDefault(device, 0L);
                    }
                    for (long s = 1; s <= n; s++) {
                        action.accept(s);
                    }
                }
            };
        }

        @Override
        public void close() {
            if (sender != null) {
                sender.interrupt();
            }
        }
    }
}
