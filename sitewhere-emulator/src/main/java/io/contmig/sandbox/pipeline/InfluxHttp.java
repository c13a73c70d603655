package io.contmig.sandbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A minimal InfluxDB 1.x v1 HTTP client ({@code /write} line protocol, {@code /query} InfluxQL) on the JDK's
 * {@link HttpClient}: the sandbox's InfluxDB 1.6 has no v2 API. Thread-safe; every failure is an
 * {@link IOException} naming the server and the answer.
 */
public final class InfluxHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Duration timeout;

    /** A client whose requests fail after {@code timeout}. */
    public InfluxHttp(Duration timeout) {
        this.timeout = timeout;
    }

    /** Writes {@code lines} (line protocol, nanosecond timestamps) to {@code database}; one request. */
    public void write(String baseUrl, String database, List<String> lines) throws IOException {
        if (lines.isEmpty()) {
            return;
        }
        String body = String.join("\n", lines);
        URI uri = URI.create(strip(baseUrl) + "/write?precision=n&db=" + enc(database));
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), baseUrl);
        if (response.statusCode() != 204) {
            throw new IOException("influxdb " + baseUrl + ": write to " + database + " answered "
                    + response.statusCode() + ": " + response.body());
        }
    }

    /** Runs {@code influxQl} (a read or a statement) and returns the JSON answer; InfluxQL errors are thrown. */
    public JsonNode query(String baseUrl, String database, String influxQl) throws IOException {
        URI uri = URI.create(strip(baseUrl) + "/query?db=" + enc(database == null ? "" : database));
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=" + enc(influxQl))).build(), baseUrl);
        if (response.statusCode() != 200) {
            throw new IOException("influxdb " + baseUrl + ": '" + influxQl + "' answered " + response.statusCode()
                    + ": " + response.body());
        }
        JsonNode answer = JSON.readTree(response.body());
        for (JsonNode result : answer.path("results")) {
            if (result.has("error")) {
                throw new IOException("influxdb " + baseUrl + ": '" + influxQl + "': " + result.get("error").asText());
            }
        }
        return answer;
    }

    /** Creates {@code database} (no-op when it exists). */
    public void createDatabase(String baseUrl, String database) throws IOException {
        query(baseUrl, null, "CREATE DATABASE \"" + database + "\"");
    }

    /** The single number of a {@code SELECT count(..)} answer, 0 when there are no rows. */
    public long count(String baseUrl, String database, String influxQl) throws IOException {
        JsonNode values = query(baseUrl, database, influxQl).path("results").path(0).path("series").path(0)
                .path("values");
        return values.isMissingNode() || values.isEmpty() ? 0 : values.path(0).path(1).asLong();
    }

    private HttpResponse<String> send(HttpRequest request, String baseUrl) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("influxdb " + baseUrl + ": interrupted", e);
        } catch (IOException e) {
            throw new IOException("influxdb " + baseUrl + ": " + e, e);
        }
    }

    private static String strip(String url) {
        return url.replaceAll("/+$", "");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
