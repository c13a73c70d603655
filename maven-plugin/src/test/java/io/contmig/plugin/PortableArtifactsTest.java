package io.contmig.plugin;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
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
            for (Map.Entry<String, byte[]> resource : resourcesOf(output).entrySet()) {
                resources++;
                String text = new String(resource.getValue(), StandardCharsets.ISO_8859_1);
                forbidden.stream().filter(text::contains)
                        .forEach(f -> offenders.add(output + "!" + resource.getKey() + " names " + f));
            }
        }
        assertThat(resources).as("resources scanned").isGreaterThan(5);
        assertThat(offenders).isEmpty();
    }

    /**
     * The build outputs of the contmig modules on this test's class path: {@code target/classes} directories when the
     * reactor stops before {@code package} ({@code mvn test}), their jars in {@code target/} when it goes on
     * ({@code mvn verify}).
     */
    private static List<Path> contmigOutputs() {
        List<Path> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            boolean classes = Files.isDirectory(p) && p.endsWith(Path.of("target", "classes"));
            boolean jar = Files.isRegularFile(p) && p.getParent() != null && p.getParent().endsWith("target")
                    && p.getFileName().toString().matches("contmig-.*\\.jar");
            if (classes || jar) {
                out.add(p);
            }
        }
        return out;
    }

    /** Every file but {@code .class} files in a classes directory or a jar, by name. */
    private static Map<String, byte[]> resourcesOf(Path output) throws IOException {
        Map<String, byte[]> resources = new TreeMap<>();
        if (Files.isDirectory(output)) {
            try (Stream<Path> files = Files.walk(output)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)
                        .filter(f -> !f.toString().endsWith(".class"))::iterator) {
                    resources.put(output.relativize(file).toString(), Files.readAllBytes(file));
                }
            }
            return resources;
        }
        try (ZipFile jar = new ZipFile(output.toFile())) {
            for (ZipEntry entry : Collections.list(jar.entries())) {
                if (!entry.isDirectory() && !entry.getName().endsWith(".class")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        resources.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
        return resources;
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
