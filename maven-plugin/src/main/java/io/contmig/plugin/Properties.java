package io.contmig.plugin;

import org.apache.maven.execution.MavenSession;

import java.util.Map;
import java.util.TreeMap;

/** Collects the {@code contmig.*} properties a user gave ({@code -D} on the command line, or the pom). */
final class Properties {

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

    private static void copy(java.util.Properties from, Map<String, String> to) {
        for (String name : from.stringPropertyNames()) {
            if (name.startsWith("contmig.")) {
                to.put(name, from.getProperty(name));
            }
        }
    }
}
