package io.contmig.runner.study;

import io.contmig.plan.ScenarioSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a study comes from: a {@code study.yaml} file (its {@code scenario} relative to the file's folder), or the
 * shipped default study (a classpath resource, {@value #DEFAULT_RESOURCE}, whose scenario is a resource beside it;
 * the same texts as {@code studies/pg-strategies/} in the repository, which a test keeps equal). Immutable.
 *
 * @param origin the file's path or the resource's name, for messages
 * @param study  the study, read and checked
 * @param base   the base scenario's text
 */
public record StudySource(String origin, Study study, ScenarioSource base) {

    /** The shipped default study. */
    public static final String DEFAULT_RESOURCE = "io/contmig/runner/study/default-study.yaml";
    private static final String FOLDER = "io/contmig/runner/study/";

    /**
     * Reads and checks {@code file} and its scenario.
     *
     * @throws StudyException every problem of the study (an unreadable scenario file among them)
     * @throws IOException    when the study file itself cannot be read
     */
    public static StudySource file(Path file) throws StudyException, IOException {
        Path folder = file.toAbsolutePath().getParent();
        Study study = StudyReader.read(Files.readString(file, StandardCharsets.UTF_8), folder);
        ScenarioSource base;
        if (study.scenario().isEmpty()) {
            base = ScenarioSource.defaultScenario();
        } else {
            Path scenario = study.scenario().get();
            if (!Files.isRegularFile(scenario)) {
                throw new StudyException(java.util.List.of("scenario: '" + scenario + "' does not exist or is not a file"));
            }
            base = ScenarioSource.file(scenario);
        }
        return new StudySource(file.toString(), study, base);
    }

    /** The shipped default study and its scenario. */
    public static StudySource defaultStudy() throws StudyException {
        Study study = StudyReader.read(resource(DEFAULT_RESOURCE), Path.of(""));
        ScenarioSource base = study.scenario().isEmpty() ? ScenarioSource.defaultScenario()
                : ScenarioSource.text(study.scenario().get().toString(), resource(FOLDER + study.scenario().get()));
        return new StudySource("default-study.yaml", study, base);
    }

    private static String resource(String name) {
        try (InputStream in = StudySource.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
