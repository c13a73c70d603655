package io.contmig.inject.influx;

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
import java.util.Objects;

/**
 * One InfluxDB 1.x server's v1 HTTP API ({@code /ping}, {@code /query} InfluxQL, {@code /write} line protocol) on the
 * JDK's {@link HttpClient}: the only InfluxDB here is 1.6, which has no v2 API.
 *
 * <p>Thread-safe. Every failure (unreachable server, non-2xx answer, an InfluxQL error in the answer) is an
 * {@link IOException} whose message names the server and the statement; the base URL carries no credentials.
 */
public final class InfluxHttpApi {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    private final String baseUrl;
    private final Duration timeout;
    private final HttpClient http;

    /** A client of the server at {@code baseUrl} (e.g. {@code http://127.0.0.1:8086}); requests fail after {@code timeout}. */
    public InfluxHttpApi(String baseUrl, Duration timeout) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl").replaceAll("/+$", "");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Answers {@code /ping}; throws when the server does not answer 204. */
    public void ping() throws IOException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(baseUrl + "/ping")).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString(), "ping");
        if (r.statusCode() != 204) {
            throw new IOException("influxdb " + baseUrl + ": /ping answered " + r.statusCode());
        }
    }

    /** Runs {@code influxQl} against {@code database} (null for server-wide statements); returns the JSON answer. */
    public JsonNode query(String database, String influxQl) throws IOException {
        HttpResponse<String> r = send(queryRequest(database, influxQl, "ns", 0), HttpResponse.BodyHandlers.ofString(), influxQl);
        if (r.statusCode() != 200) {
            throw new IOException("influxdb " + baseUrl + ": '" + influxQl + "' answered " + r.statusCode() + ": " + r.body());
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

    /**
     * Runs a {@code SELECT} with chunked answers ({@code chunk_size} rows each, timestamps as epoch nanoseconds) and
     * hands each chunk's series to {@code sink} as it arrives, so that large ranges never sit in memory whole.
     */
    public void stream(String database, String influxQl, int chunkSize, SeriesSink sink) throws IOException {
        HttpResponse<InputStream> r = send(queryRequest(database, influxQl, "ns", chunkSize),
                HttpResponse.BodyHandlers.ofInputStream(), influxQl);
        try (InputStream body = r.body()) {
            if (r.statusCode() != 200) {
                throw new IOException("influxdb " + baseUrl + ": '" + influxQl + "' answered " + r.statusCode() + ": "
                        + new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
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
        } catch (RuntimeException e) {
            throw new IOException("influxdb " + baseUrl + ": reading the answer to '" + influxQl + "': " + e.getMessage(), e);
        }
    }

    /** Writes {@code lines} of line protocol with timestamps in {@code precision} ({@code ns} or {@code ms}); one request. */
    public void write(String database, List<String> lines, String precision) throws IOException {
        if (lines.isEmpty()) {
            return;
        }
        String p = precision.equals("ns") ? "n" : precision;
        URI uri = URI.create(baseUrl + "/write?precision=" + p + "&db=" + enc(database));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines), StandardCharsets.UTF_8)).build();
        HttpResponse<String> r = send(request, HttpResponse.BodyHandlers.ofString(), "write to " + database);
        if (r.statusCode() != 204) {
            throw new IOException("influxdb " + baseUrl + ": write of " + lines.size() + " point(s) to " + database
                    + " answered " + r.statusCode() + ": " + r.body());
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

    public void createDatabase(String database) throws IOException {
        query(null, "CREATE DATABASE " + InfluxQl.identifier(database));
    }

    /** Drops {@code database}; harmless when it does not exist. */
    public void dropDatabase(String database) throws IOException {
        query(null, "DROP DATABASE " + InfluxQl.identifier(database));
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
        if (answer.has("error")) {
            throw new IOException("influxdb " + baseUrl + ": '" + influxQl + "': " + answer.get("error").asText());
        }
        for (JsonNode result : answer.path("results")) {
            if (result.has("error")) {
                throw new IOException("influxdb " + baseUrl + ": '" + influxQl + "': " + result.get("error").asText());
            }
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what)
            throws IOException {
        try {
            return http.send(request, handler);
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
}
