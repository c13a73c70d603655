package io.contmig.inject.influx;

import io.contmig.inject.InjectionSpec;
import io.contmig.inject.Injector;
import io.contmig.inject.InjectorFactory;
import io.contmig.options.OptionSpec;
import io.contmig.options.OptionValues;

import java.time.Duration;
import java.util.List;

/** Makes {@link InfluxCopyCatchupMigration}s ({@code influxdb/copy-catchup}). Stateless. */
public final class InfluxCopyCatchupFactory implements InjectorFactory {

    @Override
    public String alias() {
        return "influxdb/copy-catchup";
    }

    @Override
    public String kind() {
        return "migration";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.duration("chunk").defaultValue(Duration.ofMinutes(10)).min(Duration.ofMillis(1))
                        .doc("Time span of points read by one copy query (throttle knob: smaller chunks, more queries)."),
                OptionSpec.integer("batchSize").defaultValue(5000).min(1).max(100_000)
                        .doc("Points per write request to the target."),
                OptionSpec.decimal("pointsPerSecond").defaultValue(0.0).min(0)
                        .doc("Upper bound of the copy rate in points per second; 0 means unthrottled."),
                OptionSpec.oneOf("precision", "ns", "ms").defaultValue("ns")
                        .doc("Timestamp precision of the copied points (ms truncates sub-millisecond times)."),
                OptionSpec.bool("dropSource").defaultValue(false)
                        .doc("Drop the tenant database at the source after the cutover."),
                OptionSpec.duration("httpTimeout").defaultValue(Duration.ofSeconds(30)).min(Duration.ofMillis(100))
                        .doc("Timeout of each HTTP request to either server."));
    }

    @Override
    public Injector create(InjectionSpec spec, OptionValues options) {
        return new InfluxCopyCatchupMigration(spec, new InfluxCopyCatchupMigration.Settings(
                options.duration("chunk"), options.integer("batchSize"), options.decimal("pointsPerSecond"),
                options.string("precision"), options.bool("dropSource"), options.duration("httpTimeout")));
    }
}
