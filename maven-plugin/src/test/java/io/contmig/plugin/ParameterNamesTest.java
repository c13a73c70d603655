package io.contmig.plugin;

import io.contmig.runner.PropertyCheck;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner refuses unknown {@code contmig.*} properties, so every user property of every goal (read from the
 * generated plugin descriptor) must be among the names it knows; otherwise a new parameter would be refused.
 */
class ParameterNamesTest {

    @Test
    void everyGoalParameterIsAKnownProperty() throws IOException {
        String descriptor;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/maven/plugin.xml")) {
            assertThat(in).as("generated plugin descriptor").isNotNull();
            descriptor = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Set<String> properties = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{contmig\\.([A-Za-z]+)}").matcher(descriptor);
        while (m.find()) {
            properties.add(m.group(1));
        }
        assertThat(properties).contains("scenario", "list").isSubsetOf(PropertyCheck.PARAMETERS);
    }
}
