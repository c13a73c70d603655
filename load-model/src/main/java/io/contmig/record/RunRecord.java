package io.contmig.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a run directory: {@code plan.json} (optional; {@code {}} when absent), {@code timeline.jsonl} and
 * {@code latency.hlog}. The record is an open format, so this reader accepts records of other tools: unknown
 * mark kinds and fields are kept, and tags need not be contmig's.
 *
 * <p>Not thread-safe. Interval histograms are streamed by {@link #forEachInterval}, never held all at once, so an
 * hour-long record with many tags is read in bounded memory. Malformed content throws {@link IOException} naming
 * the file and the line.
 */
public final class RunRecord {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Receives the interval histograms of {@code latency.hlog} in file order. */
    @FunctionalInterface
    public interface IntervalConsumer {
        /**
         * @param tag          the histogram's tag (untagged histograms get {@code ""})
         * @param startMillis  interval start, milliseconds since t=0
         * @param endMillis    interval end, milliseconds since t=0
         * @param histogram    latency values in microseconds; owned by the consumer
         */
        void accept(String tag, double startMillis, double endMillis, Histogram histogram);
    }

    private final Path directory;
    private final JsonNode plan;
    private final List<Mark> marks;

    private RunRecord(Path directory, JsonNode plan, List<Mark> marks) {
        this.directory = directory;
        this.plan = plan;
        this.marks = List.copyOf(marks);
    }

    /** Opens the record in {@code directory}, reading its plan and timeline now and its latency log on demand. */
    public static RunRecord open(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "run directory does not exist");
        }
        Path planFile = directory.resolve("plan.json");
        JsonNode plan = Files.exists(planFile) ? readJson(planFile) : JsonNodeFactory.instance.objectNode();
        Path timelineFile = directory.resolve("timeline.jsonl");
        if (!Files.exists(timelineFile)) {
            throw new NoSuchFileException(timelineFile.toString(), null, "a run record needs timeline.jsonl");
        }
        if (!Files.exists(directory.resolve("latency.hlog"))) {
            throw new NoSuchFileException(directory.resolve("latency.hlog").toString(), null,
                    "a run record needs latency.hlog");
        }
        return new RunRecord(directory, plan, readMarks(timelineFile));
    }

    private static JsonNode readJson(Path file) throws IOException {
        try {
            JsonNode node = JSON.readTree(file.toFile());
            return node == null ? JsonNodeFactory.instance.objectNode() : node;
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    static List<Mark> readMarks(Path file) throws IOException {
        List<Mark> marks = new ArrayList<>();
        RecordLines.forEach(file, (line, lineNo) -> {
            if (!line.isBlank()) {
                marks.add(parseMark(line, file + ":" + lineNo));
            }
        });
        return marks;
    }

    static Mark parseMark(String line, String where) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new IOException(where + ": not a JSON object: " + e.getMessage(), e);
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IOException(where + ": not a JSON object");
        }
        JsonNode t = object.get("t");
        JsonNode kind = object.get("kind");
        if (t == null || !t.isNumber() || !Double.isFinite(t.asDouble())) {
            throw new IOException(where + ": field 't' must be a finite number (ms since t=0)");
        }
        if (kind == null || !kind.isTextual()) {
            throw new IOException(where + ": field 'kind' must be a string");
        }
        JsonNode source = object.get("source");
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            if (name.equals("t") || name.equals("kind") || name.equals("source")) {
                continue;
            }
            attributes.put(name, toPlain(e.getValue()));
        }
        return new Mark(t.asDouble(), kind.asText(), source == null ? "" : source.asText(), attributes);
    }

    private static Object toPlain(JsonNode v) {
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNull()) {
            return "";
        }
        return v.toString();
    }

    public Path directory() {
        return directory;
    }

    /** The resolved plan as written (an empty object when the record has none). */
    public JsonNode plan() {
        return plan;
    }

    /** Every mark of the timeline in file order. */
    public List<Mark> marks() {
        return marks;
    }

    /**
     * Whether {@code latency.hlog} declares exact phase attribution ({@link LatencyLogWriter#PHASE_ATTRIBUTION_HEADER}
     * among its leading comment lines): then the samples of every epoch in which an injection ran are also under
     * epoch tags {@code <tag>#<µs>}. Records of other tools and of contmig before issue 10 do not.
     */
    public boolean phaseAttribution() throws IOException {
        // Latin-1 decodes any byte: a corrupt interval line is reported by forEachInterval, with its line number.
        try (BufferedReader in = Files.newBufferedReader(directory.resolve("latency.hlog"), StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = in.readLine()) != null && (line.startsWith("#") || line.startsWith("\"StartTimestamp\""))) {
                if (line.equals("#" + LatencyLogWriter.PHASE_ATTRIBUTION_HEADER)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Streams every interval histogram of {@code latency.hlog} to {@code consumer}, in file order, with times since
     * t=0 exact to the microsecond ({@link IntervalLogReader}).
     */
    public void forEachInterval(IntervalConsumer consumer) throws IOException {
        new IntervalLogReader(directory.resolve("latency.hlog")).forEach(consumer);
    }
}
