package io.contmig.load.provision;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;

/**
 * SiteWhere's JWT: {@code GET /sitewhere/authapi/jwt} with Basic credentials answers the token in header
 * {@code X-Sitewhere-JWT}. The token is fetched again before it expires — from its {@code exp} claim, minus a
 * margin of a fifth of its lifetime (at least 5 s) — or every 4 minutes when it carries no {@code exp} (Keycloak's
 * default lifetime is 5 minutes).
 *
 * <p>Thread-safe: {@link #token()} is synchronized and fetches at most once per expiry.
 */
public final class JwtSource {

    /** SiteWhere's response header carrying the token. */
    public static final String HEADER_JWT = "X-Sitewhere-JWT";
    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(4);

    private final HttpClient client;
    private final RestEndpoint endpoint;
    private final Duration timeout;
    private final Clock clock;
    private String token;
    private Instant refreshAt = Instant.MIN;
    private int fetches;

    public JwtSource(HttpClient client, RestEndpoint endpoint, Duration timeout, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A valid token, fetched now if none is held or the held one is about to expire.
     *
     * @throws ProvisioningException unreachable API, or credentials refused (401/403), with the URL and user named
     */
    public synchronized String token() throws ProvisioningException {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(refreshAt)) {
            fetch(now);
        }
        return token;
    }

    /** How many times a token was fetched (for tests and the report). */
    public synchronized int fetches() {
        return fetches;
    }

    private void fetch(Instant now) throws ProvisioningException {
        String basic = Base64.getEncoder().encodeToString(
                (endpoint.username() + ":" + endpoint.password()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(endpoint.authUrl()).timeout(timeout)
                .header("Authorization", "Basic " + basic).GET().build();
        HttpResponse<String> response = SiteWhereHttp.exchange(client, request, "GET " + endpoint.authUrl());
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new ProvisioningException("SiteWhere at " + endpoint.authUrl() + " refused the credentials of user '"
                    + endpoint.username() + "' (HTTP " + status + ")");
        }
        String jwt = response.headers().firstValue(HEADER_JWT).orElse("");
        if (status / 100 != 2 || jwt.isBlank()) {
            throw new ProvisioningException("SiteWhere at " + endpoint.authUrl() + " gave no JWT (HTTP " + status
                    + (jwt.isBlank() ? ", no " + HEADER_JWT + " header" : "") + "): "
                    + SiteWhereHttp.answer(response).message());
        }
        token = jwt.trim();
        fetches++;
        Instant expiry = expiry(token);
        if (expiry == null) {
            refreshAt = now.plus(DEFAULT_LIFETIME);
        } else {
            Duration lifetime = Duration.between(now, expiry);
            Duration margin = lifetime.dividedBy(5);
            if (margin.compareTo(Duration.ofSeconds(5)) < 0) {
                margin = Duration.ofSeconds(5);
            }
            refreshAt = expiry.minus(margin);
        }
    }

    /** The {@code exp} claim of a JWT, or null when it has none or is not a JWT. */
    static Instant expiry(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            JsonNode claims = SiteWhereHttp.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode exp = claims.path("exp");
            return exp.isNumber() ? Instant.ofEpochSecond(exp.asLong()) : null;
        } catch (Exception e) {
            return null;
        }
    }
}
