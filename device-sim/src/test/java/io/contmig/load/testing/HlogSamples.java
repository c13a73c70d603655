package io.contmig.load.testing;

import io.contmig.record.LatencyLogWriter;
import io.contmig.record.RunClock;
import io.contmig.record.SampleRecorder;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads what a {@link SampleRecorder} recorded, the way the run record does: through {@link LatencyLogWriter}'s
 * {@code latency.hlog} format, summed per tag.
 */
public final class HlogSamples {

    private final Map<String, Histogram> byTag = new HashMap<>();

    private HlogSamples() { }

    /** Drains {@code recorder} (everything since its last drain) into per-tag histograms (microseconds). */
    public static HlogSamples drain(SampleRecorder recorder, RunClock clock) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LatencyLogWriter writer = new LatencyLogWriter(bytes, recorder, clock);
        writer.close();
        HlogSamples samples = new HlogSamples();
        HistogramLogReader reader = new HistogramLogReader(new ByteArrayInputStream(bytes.toByteArray()));
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            Histogram histogram = (Histogram) h;
            samples.byTag.computeIfAbsent(histogram.getTag(),
                    t -> new Histogram(1, SampleRecorder.HIGHEST_TRACKABLE_MICROS, 3)).add(histogram);
        }
        return samples;
    }

    public long count(String tag) {
        Histogram h = byTag.get(tag);
        return h == null ? 0 : h.getTotalCount();
    }

    /** Value at {@code percentile} in milliseconds; NaN when the tag has no sample. */
    public double percentileMillis(String tag, double percentile) {
        Histogram h = byTag.get(tag);
        return h == null || h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    public Histogram histogram(String tag) {
        return byTag.get(tag);
    }
}
