package io.contmig.runner.bench;

import io.contmig.plan.BenchPlan;
import io.contmig.plan.TenantPlan;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import io.contmig.target.AcknowledgedEvents;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * A load without a network: every 20 ms each tenant's one device "sends" an event, acknowledged at once, with a
 * 2 ms end-to-end sample ({@code mqtt.e2e@<tenant>}) recorded at its intended time. Thread-safe as
 * {@link BenchLoad} requires.
 */
final class FakeLoad implements BenchLoad {

    private static final long PERIOD_NANOS = 20_000_000;

    private final List<String> tenants;
    private final Map<String, AtomicLong> sent = new LinkedHashMap<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private volatile boolean running;
    private Thread sender;
    private SampleRecorder recorder;
    private RunClock clock;

    FakeLoad(BenchPlan plan) {
        this.tenants = plan.tenants().stream().map(TenantPlan::name).toList();
        tenants.forEach(t -> sent.put(t, new AtomicLong()));
    }

    @Override
    public void provision() {
        // Nothing to create: the fake target has no registry.
    }

    @Override
    public void connect(SampleRecorder recorder, RunClock clock) {
        this.recorder = recorder;
        this.clock = clock;
    }

    @Override
    public void start() {
        Map<String, Integer> ops = new LinkedHashMap<>();
        tenants.forEach(t -> ops.put(t, recorder.operation("mqtt.e2e", t)));
        running = true;
        sender = new Thread(() -> {
            long intended = clock.nanos();
            while (running) {
                for (String t : tenants) {
                    recorder.record(ops.get(t), intended, intended, intended + 2_000_000, true);
                    sent.get(t).incrementAndGet();
                    acknowledged.incrementAndGet();
                }
                intended += PERIOD_NANOS;
                long sleepNanos = intended - clock.nanos();
                if (sleepNanos > 0) {
                    try {
                        Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "fake-load");
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
        running = false;
        sender.join();
        return Optional.empty();
    }

    @Override
    public LoadSummary drain(Duration timeout) {
        return new LoadSummary(acknowledged.get(), acknowledged.get(), 0, "fake", "none", 0, false,
                "fake load: " + acknowledged.get() + " events acknowledged");
    }

    @Override
    public AcknowledgedEvents acknowledgedEvents() {
        return new AcknowledgedEvents() {
            @Override
            public List<String> tenants() {
                return tenants;
            }

            @Override
            public Map<String, String> deviceIds(String tenant) {
                return Map.of(tenant + "-d1", tenant + "-id1");
            }

            @Override
            public void forEachAcknowledged(String tenant, String device, LongConsumer action) {
                for (long seq = 1; seq <= sent.get(tenant).get(); seq++) {
                    action.accept(seq);
                }
            }
        };
    }

    @Override
    public void close() {
        running = false;
    }
}
