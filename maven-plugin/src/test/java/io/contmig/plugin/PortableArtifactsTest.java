package io.contmig.plugin;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No packaged resource of any contmig module names a path of the machine that built it: not the local Maven
 * repository, not the home directory, not the source tree. (The Kafka child-JVM classpath used to be baked in as
 * absolute local-repository paths.)
 */
class PortableArtifactsTest {

    @Test
    void noResourceOfAnyModuleHoldsAnAbsoluteLocalPath() throws IOException {
        Path localRepository = localRepositoryOf(org.slf4j.Logger.class);
        Path sourceTree = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        List<String> forbidden = List.of(localRepository.toString(), sourceTree.toString(),
                System.getProperty("user.home") + File.separator);

        List<Path> outputs = contmigOutputs();
        assertThat(outputs).as("every module's build output is on this test's class path")
                .hasSizeGreaterThanOrEqualTo(8);
        List<String> offenders = new ArrayList<>();
        int resources = 0;
        for (Path output : outputs) {
            try (Stream<Path> files = Files.walk(output)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)
                        .filter(f -> !f.toString().endsWith(".class"))::iterator) {
                    resources++;
                    String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                    forbidden.stream().filter(text::contains).forEach(f -> offenders.add(file + " names " + f));
                }
            }
        }
        assertThat(resources).as("resources scanned").isGreaterThan(5);
        assertThat(offenders).isEmpty();
    }

    /** The {@code target/classes} directories of the contmig modules on this test's class path. */
    private static List<Path> contmigOutputs() {
        List<Path> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p) && p.endsWith(Path.of("target", "classes"))) {
                out.add(p);
            }
        }
        return out;
    }

    private static Path localRepositoryOf(Class<?> type) {
        try {
            Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            // <repo>/org/slf4j/slf4j-api/<version>/slf4j-api-<version>.jar
            return jar.getParent().getParent().getParent().getParent().getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
