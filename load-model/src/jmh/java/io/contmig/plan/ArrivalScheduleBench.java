package io.contmig.plan;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.contmig.plan.LoadProfile.constantRate;
import static io.contmig.plan.LoadProfile.rampRate;

/**
 * Cost of the next intended start time of one device (one call per MQTT event), over a three-stage profile; the
 * schedule is restarted once it runs past the profile so the ramp stays in the measurement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ArrivalScheduleBench {

    @Param({"poisson", "constant"})
    public String arrivals;

    private LoadProfile profile;
    private ArrivalSchedule schedule;
    private Arrivals kind;
    private long seed;

    @Setup(Level.Trial)
    public void setUp() {
        profile = LoadProfile.of(constantRate(50).during(Duration.ofSeconds(60)),
                rampRate(50).to(200).during(Duration.ofSeconds(60)), constantRate(100).during(Duration.ofSeconds(60)));
        kind = arrivals.equals("poisson") ? Arrivals.POISSON : Arrivals.CONSTANT;
        schedule = ArrivalSchedule.forDevice(seed, 0, profile, kind);
    }

    @Benchmark
    public long nextIntendedNanos() {
        long t = schedule.nextIntendedNanos();
        if (t > 200_000_000_000L) {
            schedule = ArrivalSchedule.forDevice(++seed, 0, profile, kind);
        }
        return t;
    }
}
