package io.contmig.servers.influx;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The one client of an InfluxDB 1.x server's v1 HTTP API: {@code /ping}, {@code /write} (line protocol),
 * {@code /query} (InfluxQL, chunked answers streamed) and {@code /debug/vars}, on the JDK's {@link HttpClient}. The servers here are
 * InfluxDB 1.6, which has no v2 API; influxdb-java is not used (it pulls OkHttp/Retrofit for four calls).
 *
 * <p>Thread-safe and cheap: every instance shares one HTTP/1.1 {@link HttpClient} (InfluxDB 1.x speaks no HTTP/2),
 * so callers that follow a routing may create one per call. Every failure — unreachable server, non-2xx answer,
 * an InfluxQL error in the answer — is an {@link IOException} naming the server and the statement; a refused or
 * partial write is an {@link InfluxWriteException}. The base URL carries no credentials.
 */
public final class InfluxClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    private final String baseUrl;
    private final Duration timeout;

    /**
     * A client of the server at {@code baseUrl} (e.g. {@code http://127.0.0.1:8086}); each request fails after
     * {@code timeout}.
     */
    public InfluxClient(String baseUrl, Duration timeout) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl").replaceAll("/+$", "");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Answers {@code /ping} and returns the server's version; throws when the server does not answer 204. */
    public String ping() throws IOException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(baseUrl + "/ping")).timeout(timeout).GET()
                .build(), HttpResponse.BodyHandlers.ofString(), "ping");
        if (r.statusCode() != 204) {
            throw new IOException("influxdb " + baseUrl + ": /ping answered " + r.statusCode());
        }
        return r.headers().firstValue("X-Influxdb-Version").orElse("unknown");
    }

    /** The server's {@code /debug/vars} (expvar JSON: its command line, memory, statistics). */
    public JsonNode debugVars() throws IOException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(baseUrl + "/debug/vars")).timeout(timeout)
                .GET().build(), HttpResponse.BodyHandlers.ofString(), "debug/vars");
        if (r.statusCode() != 200) {
            throw new IOException("influxdb " + baseUrl + ": /debug/vars answered " + r.statusCode());
        }
        return JSON.readTree(r.body());
    }

    /**
     * Runs {@code influxQl} against {@code database} (null for server-wide statements) and returns the JSON answer,
     * timestamps as epoch nanoseconds.
     */
    public JsonNode query(String database, String influxQl) throws IOException {
        return query(database, influxQl, "ns");
    }

    /** As {@link #query(String, String)}, timestamps as epoch {@code epoch} ({@code ns}, {@code u}, {@code ms}, {@code s}). */
    public JsonNode query(String database, String influxQl, String epoch) throws IOException {
        HttpResponse<String> r = send(queryRequest(database, influxQl, epoch, 0), HttpResponse.BodyHandlers.ofString(),
                influxQl);
        if (r.statusCode() != 200) {
            throw new IOException("influxdb " + baseUrl + ": '" + influxQl + "' answered " + r.statusCode() + ": "
                    + r.body().trim());
        }
        JsonNode answer = JSON.readTree(r.body());
        failOnError(answer, influxQl);
        return answer;
    }

    /** The rows of the first series of the first result (each a JSON array), empty when there is none. */
    public List<JsonNode> rows(String database, String influxQl) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        query(database, influxQl).path("results").path(0).path("series").path(0).path("values").forEach(rows::add);
        return rows;
    }

    /** The single number of a {@code SELECT count(..)} answer, 0 when there are no rows. */
    public long count(String database, String influxQl) throws IOException {
        List<JsonNode> rows = rows(database, influxQl);
        return rows.isEmpty() ? 0 : rows.get(0).path(1).asLong();
    }

    /**
     * Runs a {@code SELECT} with chunked answers ({@code chunkSize} rows each, timestamps as epoch nanoseconds) and
     * hands each chunk's series to {@code sink} as it arrives, so that large ranges never sit in memory whole.
     */
    public void stream(String database, String influxQl, int chunkSize, SeriesSink sink) throws IOException {
        streamAnswer(database, influxQl, chunkSize, body -> {
            // A chunked answer is a sequence of JSON documents, one per chunk.
            try (MappingIterator<JsonNode> chunks = JSON.readerFor(JsonNode.class).readValues(body)) {
                while (chunks.hasNextValue()) {
                    JsonNode chunk = chunks.nextValue();
                    failOnError(chunk, influxQl);
                    for (JsonNode result : chunk.path("results")) {
                        for (JsonNode series : result.path("series")) {
                            sink.accept(series);
                        }
                    }
                }
            }
        });
    }

    /**
     * As {@link #stream}, but hands the answer to {@code sink} series part by series part and row by row as the
     * bytes arrive, without building JSON nodes (the fast path of bulk reads). A series split by a chunk boundary
     * is announced again before its next rows.
     */
    public void streamRows(String database, String influxQl, int chunkSize, RowSink sink) throws IOException {
        streamAnswer(database, influxQl, chunkSize, body -> {
            try (JsonParser parser = JSON.getFactory().createParser(body)) {
                new InfluxRowParser(parser, sink).readAll();
            } catch (InfluxRowParser.AnswerError e) {
                throw new IOException("influxdb " + baseUrl + ": '" + influxQl + "': " + e.getMessage(), e);
            }
        });
    }

    private void streamAnswer(String database, String influxQl, int chunkSize, AnswerReader reader)
            throws IOException {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize (" + chunkSize + ") must be > 0");
        }
        HttpResponse<InputStream> r = send(queryRequest(database, influxQl, "ns", chunkSize),
                HttpResponse.BodyHandlers.ofInputStream(), influxQl);
        try (InputStream body = r.body()) {
            if (r.statusCode() != 200) {
                throw new IOException("influxdb " + baseUrl + ": '" + influxQl + "' answered " + r.statusCode() + ": "
                        + new String(body.readAllBytes(), StandardCharsets.UTF_8).trim());
            }
            reader.read(body);
        } catch (RuntimeException e) {
            throw new IOException("influxdb " + baseUrl + ": reading the answer to '" + influxQl + "': "
                    + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code lines} of line protocol, timestamps in {@code precision} ({@code ns}, {@code u}, {@code ms},
     * {@code s}), to {@code database} in one request. Nothing to do for no lines.
     *
     * @throws InfluxWriteException when the server refused the batch or stored only part of it ("partial write",
     *                              e.g. a field type conflict: the points it names were dropped)
     */
    public void write(String database, List<String> lines, String precision) throws IOException {
        if (lines.isEmpty()) {
            return;
        }
        write(database, String.join("\n", lines).getBytes(StandardCharsets.UTF_8), lines.size(), precision);
    }

    /**
     * As {@link #write(String, List, String)} for a request body built by the caller: {@code body} holds
     * {@code points} lines of line protocol (UTF-8, newline-separated); {@code points} only names the batch in errors.
     */
    public void write(String database, byte[] body, int points, String precision) throws IOException {
        String p = precision.equals("ns") ? "n" : precision;
        URI uri = URI.create(baseUrl + "/write?precision=" + p + "&db=" + enc(database));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> r = send(request, HttpResponse.BodyHandlers.ofString(), "write to " + database);
        if (r.statusCode() != 204) {
            throw InfluxWriteException.of(baseUrl, database, points, r.statusCode(), r.body());
        }
    }

    /** Whether {@code database} exists on the server. */
    public boolean databaseExists(String database) throws IOException {
        for (JsonNode row : rows(null, "SHOW DATABASES")) {
            if (database.equals(row.path(0).asText())) {
                return true;
            }
        }
        return false;
    }

    /** Creates {@code database}; harmless when it exists. */
    public void createDatabase(String database) throws IOException {
        query(null, "CREATE DATABASE " + identifier(database));
    }

    /** Drops {@code database}; harmless when it does not exist. */
    public void dropDatabase(String database) throws IOException {
        query(null, "DROP DATABASE " + identifier(database));
    }

    /** {@code "name"} with backslashes and double quotes escaped: safe as a database, measurement or key name. */
    public static String identifier(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private HttpRequest queryRequest(String database, String influxQl, String epoch, int chunkSize) {
        StringBuilder form = new StringBuilder("q=").append(enc(influxQl)).append("&epoch=").append(epoch);
        if (database != null) {
            form.append("&db=").append(enc(database));
        }
        if (chunkSize > 0) {
            form.append("&chunked=true&chunk_size=").append(chunkSize);
        }
        return HttpRequest.newBuilder(URI.create(baseUrl + "/query")).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build();
    }

    private void failOnError(JsonNode answer, String influxQl) throws IOException {
        if (answer.hasNonNull("error")) {
            throw new IOException("influxdb " + baseUrl + ": '" + influxQl + "': " + answer.get("error").asText());
        }
        for (JsonNode result : answer.path("results")) {
            if (result.hasNonNull("error")) {
                throw new IOException("influxdb " + baseUrl + ": '" + influxQl + "': " + result.get("error").asText());
            }
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what)
            throws IOException {
        try {
            return HTTP.send(request, handler);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("influxdb " + baseUrl + ": interrupted during '" + what + "'", e);
        } catch (IOException e) {
            throw new IOException("influxdb " + baseUrl + " unreachable during '" + what + "': " + e, e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Receives the series of a streamed answer: {@code {"name", "tags"?, "columns", "values"}}. */
    @FunctionalInterface
    public interface SeriesSink {
        void accept(JsonNode series) throws IOException;
    }

    /**
     * Receives a streamed answer without JSON nodes ({@link #streamRows}): {@link #series} before the rows of each
     * series (again after a chunk boundary), then {@link #row} per row. Called on the reading thread; an exception
     * ends the read and is thrown by {@code streamRows}.
     */
    public interface RowSink {
        /** A series (or its next part) starts: its measurement, its tags (empty without GROUP BY) and columns. */
        void series(String name, Map<String, String> tags, List<String> columns) throws IOException;

        /**
         * One row, a value per column: {@link Long}, {@link Double}, {@link String}, {@link Boolean} or null. The
         * array is reused for the next row, so the sink must not keep it.
         */
        void row(Object[] values) throws IOException;
    }

    @FunctionalInterface
    private interface AnswerReader {
        void read(InputStream body) throws IOException;
    }
}
