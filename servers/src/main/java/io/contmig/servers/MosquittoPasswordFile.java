package io.contmig.servers;

import io.contmig.target.Login;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * One line of a Mosquitto 2 password file, hashed as {@code mosquitto_passwd} hashes it — so the secret never passes
 * through a command line: {@code user:$7$<iterations>$<salt>$<hash>}, PBKDF2-HMAC-SHA512 over the UTF-8 password with
 * a random 12-byte salt, 101 iterations (mosquitto_passwd's default) and a 64-byte key, salt and key in standard
 * Base64. Stateless, thread-safe.
 */
final class MosquittoPasswordFile {

    /** mosquitto_passwd's default PBKDF2 iteration count (Mosquitto 2.0). */
    static final int ITERATIONS = 101;
    private static final int SALT_BYTES = 12;
    private static final int KEY_BITS = 512;
    private static final SecureRandom RANDOM = new SecureRandom();

    private MosquittoPasswordFile() {
    }

    /** The password-file line of {@code login} with a fresh random salt. */
    static String line(Login login) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return line(login, salt, ITERATIONS);
    }

    /** The password-file line of {@code login} with {@code salt} and {@code iterations} (tests fix both). */
    static String line(Login login, byte[] salt, int iterations) {
        if (login.isNone()) {
            throw new IllegalArgumentException("Login.NONE has no password-file line");
        }
        PBEKeySpec spec = new PBEKeySpec(login.password().toCharArray(), salt, iterations, KEY_BITS);
        try {
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
            Base64.Encoder b64 = Base64.getEncoder();
            return login.user() + ":$7$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is missing from this JVM: " + e, e);
        } finally {
            spec.clearPassword();
        }
    }
}
