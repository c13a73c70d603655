package io.contmig.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The classpath of the Kafka 4.3.1 server, tools, Connect runtime and MirrorMaker 2 (plus a log4j2 binding), as
 * absolute jar paths in the local Maven repository. Maven writes it at build time (resource
 * {@value #RESOURCE}, from this module's {@code provided} dependencies), so nothing is resolved or downloaded at
 * run time. Immutable, thread-safe.
 */
public final class KafkaClasspath {
    static final String RESOURCE = "/io/contmig/servers/kafka.classpath";
    private final List<Path> jars;

    private KafkaClasspath(List<Path> jars) {
        this.jars = List.copyOf(jars);
    }

    /**
     * Reads the build-time classpath and checks that every jar is present.
     *
     * @throws ServerException naming the missing resource or jars and the command that restores them
     */
    public static KafkaClasspath load() {
        try (InputStream in = KafkaClasspath.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new ServerException("resource " + RESOURCE + " is missing from the contmig-servers jar; rebuild it: "
                        + "mvn -pl servers install -DskipTests");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }

    /** Parses a ':'-separated jar list and checks every jar exists. */
    static KafkaClasspath parse(String text) {
        List<Path> jars = Arrays.stream(text.strip().split(java.io.File.pathSeparator))
                .filter(s -> !s.isBlank()).map(Path::of).toList();
        List<Path> missing = jars.stream().filter(j -> !Files.isRegularFile(j)).toList();
        if (jars.isEmpty() || !missing.isEmpty()) {
            throw new ServerException("Kafka jars missing from the local Maven repository: "
                    + (jars.isEmpty() ? "(empty " + RESOURCE + ")" : missing)
                    + " — restore them with: mvn -pl servers dependency:resolve (network to Maven Central), "
                    + "then mvn -pl servers install -DskipTests");
        }
        return new KafkaClasspath(jars);
    }

    public List<Path> jars() {
        return jars;
    }

    /** The jars joined with ':' for {@code -cp}. */
    public String asArgument() {
        return String.join(java.io.File.pathSeparator, jars.stream().map(Path::toString).toList());
    }
}
