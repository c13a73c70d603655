package io.contmig.load.iotlab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An IoT-LAB login and password as {@code iotlabcli} stores them: one line {@code login:base64(password)} in
 * {@code ~/.iotlabrc}, or in the file {@code IOTLAB_PASSWORD_FILE} names (what {@code iotlab-auth} writes on a
 * frontend). Immutable; {@link #toString()} never shows the password.
 *
 * @param login    the IoT-LAB login (also the frontend's ssh user)
 * @param password the password, decoded
 */
public record IotLabCredentials(String login, char[] password) {

    public IotLabCredentials {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(password, "password");
    }

    /** {@code IOTLAB_PASSWORD_FILE} from {@code env}, else {@code ~/.iotlabrc}. */
    public static Path defaultFile(Map<String, String> env) {
        String custom = env.get("IOTLAB_PASSWORD_FILE");
        return custom != null && !custom.isBlank() ? Path.of(custom)
                : Path.of(System.getProperty("user.home"), ".iotlabrc");
    }

    /** {@code IOTLAB_API_URL} from {@code env}, else the public API ({@link IotLabClient#DEFAULT_BASE}). */
    public static String defaultApi(Map<String, String> env) {
        return Optional.ofNullable(env.get("IOTLAB_API_URL")).filter(s -> !s.isBlank())
                .orElse(IotLabClient.DEFAULT_BASE.toString());
    }

    /**
     * Reads {@code file}.
     *
     * @throws IOException when it cannot be read or is not {@code login:base64(password)}; the message names the
     *                     file and how to create it, never its content
     */
    public static IotLabCredentials read(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IOException("IoT-LAB credentials file " + file + " is missing or unreadable (create it with "
                    + "`iotlab-auth -u <login>`, or set IOTLAB_PASSWORD_FILE)");
        }
        String line = Files.readString(file, StandardCharsets.UTF_8).strip();
        int colon = line.indexOf(':');
        if (colon < 1 || colon == line.length() - 1 || line.contains("\n")) {
            throw new IOException("IoT-LAB credentials file " + file + " is not one line login:base64(password)");
        }
        try {
            byte[] pw = Base64.getDecoder().decode(line.substring(colon + 1));
            return new IotLabCredentials(line.substring(0, colon), new String(pw, StandardCharsets.UTF_8).toCharArray());
        } catch (IllegalArgumentException e) {
            throw new IOException("IoT-LAB credentials file " + file + ": the password is not base64");
        }
    }

    @Override
    public String toString() {
        return "IotLabCredentials[" + login + "]";
    }
}
