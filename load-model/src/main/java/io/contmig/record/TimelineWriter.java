package io.contmig.record;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Appends marks to {@code timeline.jsonl}, one JSON object a line, flushed at every mark so that a killed run
 * keeps its timeline.
 *
 * <p>Thread-safe (marks are serialised); listeners are called on the marking thread after the line is written,
 * which lets tests act at a phase (e.g. kill a server at {@code cutover}). A listener that throws makes
 * {@link #mark} throw after the line is written.
 */
public final class TimelineWriter implements Timeline, Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunClock clock;
    private final Writer out;
    private final List<Mark> written = new ArrayList<>();
    private final List<Consumer<Mark>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Mark>> stampListeners = new CopyOnWriteArrayList<>();

    /** Creates (or truncates) {@code file} and writes marks stamped by {@code clock}. */
    public TimelineWriter(Path file, RunClock clock) throws IOException {
        this(Files.newBufferedWriter(file, StandardCharsets.UTF_8), clock);
    }

    /** Writes marks to {@code out}, which this writer closes. */
    public TimelineWriter(Writer out, RunClock clock) {
        this.out = out instanceof BufferedWriter ? out : new BufferedWriter(out);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Calls {@code listener} with every mark after it is written. */
    public void addListener(Consumer<Mark> listener) {
        listeners.add(listener);
    }

    /**
     * Calls {@code listener} with every mark as soon as it is stamped, under this writer's lock and before the mark
     * is written: in timeline order, and within a microsecond of the mark's time (e.g. {@link PhaseBoundaries}).
     * The listener must be quick and must neither block nor mark; if it throws, the mark is not written.
     */
    public void addStampListener(Consumer<Mark> listener) {
        stampListeners.add(listener);
    }

    @Override
    public Mark mark(String kind, String source, Map<String, ?> attributes) {
        Mark mark;
        synchronized (this) {
            mark = new Mark(clock.millis(), kind, source, new LinkedHashMap<>(attributes));
            for (Consumer<Mark> listener : stampListeners) {
                listener.accept(mark);
            }
            try {
                out.write(toJsonLine(mark));
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to timeline: " + e.getMessage(), e);
            }
            written.add(mark);
        }
        for (Consumer<Mark> listener : listeners) {
            listener.accept(mark);
        }
        return mark;
    }

    /** A snapshot of every mark written so far, in order. */
    public synchronized List<Mark> marks() {
        return List.copyOf(written);
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }

    /** The JSON line of a mark: {@code t}, {@code kind}, {@code source}, then its attributes. */
    static String toJsonLine(Mark mark) throws IOException {
        StringWriter line = new StringWriter();
        try (JsonGenerator g = JSON.getFactory().createGenerator(line)) {
            g.writeStartObject();
            g.writeNumberField("t", Math.round(mark.tMs() * 1000.0) / 1000.0);
            g.writeStringField("kind", mark.kind());
            g.writeStringField("source", mark.source());
            for (Map.Entry<String, Object> e : mark.attributes().entrySet()) {
                if (e.getKey().equals("t") || e.getKey().equals("kind") || e.getKey().equals("source")) {
                    throw new IllegalArgumentException("mark attribute '" + e.getKey() + "' is reserved");
                }
                g.writeFieldName(e.getKey());
                JSON.writeValue(g, e.getValue());
            }
            g.writeEndObject();
        }
        return line.toString();
    }
}
