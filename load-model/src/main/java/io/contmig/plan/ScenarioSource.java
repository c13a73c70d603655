package io.contmig.plan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A scenario's YAML text and where it came from (named in parse errors). Immutable.
 *
 * @param origin a file path or {@code default-scenario.yaml}
 * @param yaml   the text
 */
public record ScenarioSource(String origin, String yaml) {

    /** Classpath resource of the shipped default scenario, used when no scenario is given. */
    public static final String DEFAULT_RESOURCE = "io/contmig/plan/default-scenario.yaml";

    public ScenarioSource {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(yaml, "yaml");
    }

    /** Reads {@code file} (UTF-8); throws {@link IOException} when it cannot be read. */
    public static ScenarioSource file(Path file) throws IOException {
        return new ScenarioSource(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /** The shipped default scenario. */
    public static ScenarioSource defaultScenario() {
        try (InputStream in = ScenarioSource.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return new ScenarioSource("default-scenario.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A scenario given as text (tests, generated scenarios). */
    public static ScenarioSource text(String origin, String yaml) {
        return new ScenarioSource(origin, yaml);
    }
}
