package io.contmig.plugin;

import org.apache.maven.execution.MavenSession;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Collects the {@code contmig.*} properties a user gave ({@code -D} on the command line, or the pom), and shows them
 * for a log with secrets redacted. Stateless.
 */
final class Properties {

    /** A property whose last name segment mentions one of these holds a secret. */
    private static final Pattern SECRET = Pattern.compile(".*(password|passwd|secret|token|credential|apikey|api-key|"
            + "privatekey|passphrase).*");

    private Properties() {
    }

    /** Every {@code contmig.*} property of the project and the session; the command line wins. */
    static Map<String, String> contmig(MavenSession session) {
        Map<String, String> out = new TreeMap<>();
        if (session.getCurrentProject() != null) {
            copy(session.getCurrentProject().getProperties(), out);
        }
        copy(session.getUserProperties(), out);
        return out;
    }

    /** {@code name=value, ...} with the value of every secret property replaced by {@code ******}. */
    static String redacted(Map<String, String> properties) {
        StringBuilder s = new StringBuilder();
        properties.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append('=')
                .append(isSecret(k) ? "******" : v));
        return s.toString();
    }

    /** Whether the property named {@code name} holds a secret (judged by its last segment). */
    static boolean isSecret(String name) {
        String last = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return SECRET.matcher(last).matches();
    }

    private static void copy(java.util.Properties from, Map<String, String> to) {
        for (String name : from.stringPropertyNames()) {
            if (name.startsWith("contmig.")) {
                to.put(name, from.getProperty(name));
            }
        }
    }
}
