package io.contmig.target;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * A user name and password for a service that contmig's clients present (an MQTT broker's CONNECT, InfluxDB's HTTP
 * Basic authentication), or {@link #NONE} for a service that asks for none. Immutable; {@link #toString()} never
 * shows the password, so a login may be logged or put in an exception message.
 *
 * @param user     the user name; empty for {@link #NONE}
 * @param password the password; empty for {@link #NONE} (never logged nor written to a run record)
 */
public record Login(String user, String password) {

    /** No credentials: the client connects anonymously. */
    public static final Login NONE = new Login("", "");

    private static final SecureRandom RANDOM = new SecureRandom();

    public Login {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isEmpty() != password.isEmpty()) {
            throw new IllegalArgumentException("user and password must be both given or both empty (user: '"
                    + user + "')");
        }
        if (user.indexOf(':') >= 0 || user.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("user ('" + user + "') must hold no ':' nor control character");
        }
        if (password.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("password of '" + user + "' must hold no control character");
        }
    }

    /**
     * A login of user {@code user} with a password drawn at random: 24 bytes of {@link SecureRandom}, URL-safe
     * Base64 — no quoting needed in a configuration file, an InfluxQL string or a Basic header.
     */
    public static Login random(String user) {
        return new Login(user, randomSecret());
    }

    /** 24 random bytes ({@link SecureRandom}) as URL-safe Base64 without padding (32 characters). */
    public static String randomSecret() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether this is {@link #NONE}. */
    public boolean isNone() {
        return user.isEmpty();
    }

    /** The value of an HTTP {@code Authorization} header for Basic authentication; only for a login that is not NONE. */
    public String basicAuthorization() {
        if (isNone()) {
            throw new IllegalStateException("Login.NONE has no Authorization header");
        }
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return isNone() ? "Login[none]" : "Login[user=" + user + ", password=***]";
    }
}
