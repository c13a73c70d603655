package io.contmig.sandbox.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Issues and checks the JSON Web Tokens of the REST API, signed with HMAC-SHA256 ({@code HS256}) under a random
 * key of this instance. SiteWhere 3.0 gets RS256 tokens from Keycloak; the claims that SiteWhere reads are the
 * same ({@code preferred_username}, {@code realm_access.roles}, {@code exp}), and the lifetime defaults to
 * Keycloak's 5 minutes, so clients must refresh as against SiteWhere.
 *
 * <p>Thread-safe (a new {@link Mac} per call).
 */
public final class HmacJwt {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final String HEADER = B64.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

    private final byte[] key;
    private final Duration lifetime;
    private final Clock clock;

    /** Tokens valid for {@code lifetime} (at least 1 s) after issue, by {@code clock}, under a random key. */
    public HmacJwt(Duration lifetime, Clock clock) {
        Objects.requireNonNull(lifetime, "lifetime");
        if (lifetime.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("tokenLifetime (" + lifetime + ") must be >= 1s");
        }
        this.lifetime = lifetime;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.key = new byte[32];
        new SecureRandom().nextBytes(key);
    }

    /** A token for {@code username} with {@code roles}. */
    public String issue(String username, List<String> roles) {
        long now = clock.instant().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode();
        claims.put("iss", "contmig-sandbox");
        claims.put("sub", username);
        claims.put("preferred_username", username);
        claims.putObject("realm_access").putPOJO("roles", roles);
        claims.put("iat", now);
        claims.put("exp", now + lifetime.toSeconds());
        String payload = B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        String signed = HEADER + "." + payload;
        return signed + "." + B64.encodeToString(sign(signed));
    }

    /** The user name of a valid, unexpired {@code token}; empty when it is malformed, forged or expired. */
    public Optional<String> verify(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !parts[0].equals(HEADER)) {
            return Optional.empty();
        }
        try {
            byte[] given = B64D.decode(parts[2]);
            if (!MessageDigest.isEqual(given, sign(parts[0] + "." + parts[1]))) {
                return Optional.empty();
            }
            JsonNode claims = JSON.readTree(B64D.decode(parts[1]));
            if (!claims.path("exp").canConvertToLong()
                    || clock.instant().getEpochSecond() >= claims.path("exp").asLong()) {
                return Optional.empty();
            }
            return Optional.of(claims.path("preferred_username").asText());
        } catch (IllegalArgumentException | java.io.IOException e) {
            // Not Base64 or not JSON: a malformed token, refused like any other invalid one.
            return Optional.empty();
        }
    }

    private byte[] sign(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(String.format(Locale.ROOT, "HmacSHA256 unavailable: %s", e), e);
        }
    }
}
