package io.contmig.record;

import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Reads an HdrHistogram interval log (format 1.x: {@code #[StartTime: s]}, {@code #[BaseTime: s]}, comment lines,
 * the legend, then {@code [Tag=t,]start,length,max,payload} lines) with run-relative times exact to the
 * microsecond. HdrHistogram's own reader turns every timestamp into truncated absolute milliseconds, which puts an
 * interval or a success gap 1 ms early about half the time; this one keeps the log's own numbers.
 *
 * <p>Time base, as the library defines it: a timestamp is relative to {@code BaseTime}; without that header, to the
 * start time when it lies more than a year before it, else absolute. Absolute times are rebased on the start time.
 * Logs of contmig before issue 10 ({@code BaseTime: 0} over run-relative timestamps) read as run-relative.
 * Not thread-safe; single use.
 */
final class IntervalLogReader {

    /** Timestamps above this (2001-09-09 in epoch seconds) are absolute, not run-relative. */
    private static final double ABSOLUTE_EPOCH_SECONDS = 1e9;
    private static final double YEAR_SECONDS = 365 * 24 * 3600.0;

    private final Path file;
    private double startSec;
    private double baseSec = Double.NaN;

    IntervalLogReader(Path file) {
        this.file = file;
    }

    /** The log's {@code StartTime} in seconds (0 before {@link #forEach} read it). */
    double startSeconds() {
        return startSec;
    }

    void forEach(RunRecord.IntervalConsumer consumer) throws IOException {
        RecordLines.forEach(file, (line, lineNo) -> {
            if (line.startsWith("#[StartTime: ")) {
                startSec = leadingNumber(line, "#[StartTime: ".length(), lineNo);
            } else if (line.startsWith("#[BaseTime: ")) {
                baseSec = leadingNumber(line, "#[BaseTime: ".length(), lineNo);
            } else if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("\"StartTimestamp\"")) {
                interval(line, lineNo, consumer);
            }
        });
    }

    private double leadingNumber(String line, int from, int lineNo) throws IOException {
        int end = from;
        while (end < line.length() && (Character.isDigit(line.charAt(end)) || line.charAt(end) == '.')) {
            end++;
        }
        try {
            double seconds = Double.parseDouble(line.substring(from, end));
            if (Double.isFinite(seconds)) {
                return seconds;
            }
            throw new IOException(file + ":" + lineNo + ": header time out of range: " + line);
        } catch (NumberFormatException e) {
            throw new IOException(file + ":" + lineNo + ": malformed header: " + line);
        }
    }

    private void interval(String line, int lineNo, RunRecord.IntervalConsumer consumer) throws IOException {
        String tag = "";
        String rest = line;
        if (line.startsWith("Tag=")) {
            int comma = line.indexOf(',');
            if (comma < 0) {
                throw new IOException(file + ":" + lineNo + ": malformed interval histogram: " + line);
            }
            tag = line.substring(4, comma);
            rest = line.substring(comma + 1);
        }
        String[] parts = rest.split(",");
        if (parts.length != 4) {
            throw new IOException(file + ":" + lineNo + ": malformed interval histogram: expected start,length,max,payload");
        }
        double timestamp;
        double length;
        try {
            timestamp = Double.parseDouble(parts[0]);
            length = Double.parseDouble(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException(file + ":" + lineNo + ": malformed interval histogram: " + e.getMessage(), e);
        }
        if (!Double.isFinite(timestamp) || !(length >= 0) || Double.isInfinite(length)) {
            throw new IOException(file + ":" + lineNo + ": malformed interval histogram: start (" + parts[0]
                    + ") must be finite and length (" + parts[1] + ") finite and >= 0");
        }
        Histogram h = decode(parts[3].trim(), tag, lineNo);
        double startRelSec = relative(timestamp);
        double startMs = micros(startRelSec) / 1000.0;
        double endMs = micros(startRelSec + length) / 1000.0;
        if (!Double.isFinite(startMs) || !Double.isFinite(endMs)) {
            throw new IOException(file + ":" + lineNo + ": interval time out of range: start " + parts[0]
                    + " s, length " + parts[1] + " s (base time " + baseSec + " s)");
        }
        h.setTag(tag.isEmpty() ? null : tag);
        consumer.accept(tag, startMs, endMs, h);
    }

    /** Seconds since t=0 of a log timestamp. */
    private double relative(double timestamp) {
        if (Double.isNaN(baseSec)) {
            // The library's rule, decided once, on the first interval.
            baseSec = startSec > 0 && timestamp < startSec - YEAR_SECONDS ? startSec : 0;
        }
        if (startSec > 0 && timestamp + baseSec >= ABSOLUTE_EPOCH_SECONDS) {
            return timestamp + (baseSec - startSec);
        }
        return timestamp + baseSec;
    }

    private static double micros(double seconds) {
        return Math.round(seconds * 1_000_000.0);
    }

    private Histogram decode(String payload, String tag, int lineNo) throws IOException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ":" + lineNo + ": malformed interval histogram: " + e.getMessage(), e);
        }
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
        } catch (Exception e) {
            try {
                DoubleHistogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
            } catch (Exception notDouble) {
                throw new IOException(file + ":" + lineNo + ": malformed interval histogram: " + e.getMessage(), e);
            }
            throw new IOException(file + ":" + lineNo + ": tag '" + tag
                    + "' holds a floating-point histogram; integer latency histograms expected");
        }
    }
}
