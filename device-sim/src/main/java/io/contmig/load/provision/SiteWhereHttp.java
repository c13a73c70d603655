package io.contmig.load.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * JSON calls to SiteWhere's API with its headers ({@code Authorization: Bearer <jwt>},
 * {@code X-SiteWhere-Tenant-Id}) over the JDK {@link HttpClient}; the JWT comes from a {@link JwtSource}.
 *
 * <p>Thread-safe. Network failures and unexpected answers become {@link ProvisioningException}s naming the method,
 * URL, status and SiteWhere's error message.
 */
final class SiteWhereHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    /** SiteWhere's "not found" error codes: device (4040), device type (4060), assignment (4170), tenant (1120). */
    private static final Set<Long> NOT_FOUND_CODES = Set.of(4040L, 4060L, 4170L, 1120L);
    /** SiteWhere's "already in use" codes: device (4030), device type (4070), assignment (4150). */
    private static final Set<Long> DUPLICATE_CODES = Set.of(4030L, 4070L, 4150L);

    /** An answer: its status and JSON body (a missing or non-JSON body reads as an empty object). */
    record Answer(int status, JsonNode body, String rawBody) {
        boolean ok() {
            return status / 100 == 2;
        }

        long errorCode() {
            return body.path("errorCode").asLong(-1);
        }

        /** SiteWhere 3.0 often answers "not found" with 500 and an error code, so both count. */
        boolean notFound() {
            return status == 404 || NOT_FOUND_CODES.contains(errorCode());
        }

        boolean duplicate() {
            return status == 409 || DUPLICATE_CODES.contains(errorCode());
        }

        String message() {
            String m = body.path("message").asText("");
            return m.isEmpty() ? (rawBody.length() > 200 ? rawBody.substring(0, 200) + "…" : rawBody) : m;
        }
    }

    private final HttpClient client;
    private final RestEndpoint endpoint;
    private final JwtSource jwt;
    private final Duration timeout;

    SiteWhereHttp(HttpClient client, RestEndpoint endpoint, JwtSource jwt, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.jwt = Objects.requireNonNull(jwt, "jwt");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    Answer get(String tenant, String path) throws ProvisioningException {
        return send(tenant, "GET", path, null);
    }

    Answer post(String tenant, String path, JsonNode body) throws ProvisioningException {
        return send(tenant, "POST", path, body);
    }

    private Answer send(String tenant, String method, String path, JsonNode body) throws ProvisioningException {
        URI uri = endpoint.api(path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", "Bearer " + jwt.token())
                .header("Accept", "application/json");
        if (tenant != null) {
            request.header("X-SiteWhere-Tenant-Id", tenant);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = exchange(client, request.build(), method + " " + uri);
        return answer(response);
    }

    static Answer answer(HttpResponse<String> response) {
        String raw = response.body() == null ? "" : response.body();
        JsonNode parsed;
        try {
            parsed = raw.isBlank() ? JSON.createObjectNode() : JSON.readTree(raw);
        } catch (IOException e) {
            parsed = JSON.createObjectNode();
        }
        return new Answer(response.statusCode(), parsed == null ? JSON.createObjectNode() : parsed, raw);
    }

    /** Sends one request; a connection failure becomes "unreachable" with the target named. */
    static HttpResponse<String> exchange(HttpClient client, HttpRequest request, String what)
            throws ProvisioningException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ProvisioningException("SiteWhere REST API unreachable: " + what + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (HttpTimeoutException e) {
            throw new ProvisioningException("SiteWhere REST API did not answer in time: " + what, e);
        } catch (IOException e) {
            throw new ProvisioningException("SiteWhere REST API failed: " + what + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("interrupted during " + what, e);
        }
    }
}
