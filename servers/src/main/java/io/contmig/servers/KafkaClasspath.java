package io.contmig.servers;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The classpath of the Kafka 4.3.1 server, tools, Connect runtime and MirrorMaker 2, resolved at run time: this JVM's
 * own class path, on which {@code contmig-servers} puts them as runtime dependencies (the forked runner gets the
 * plugin's resolved artifacts, a test JVM its test class path). Nothing is written at build time, so no artifact holds
 * a path of the machine that built it. Child JVMs log through the same SLF4J binding as this one.
 *
 * <p>The class path is read from the class loaders that loaded this class: {@code URLClassLoader}s (e.g. Maven's
 * realms under {@code exec:java}) by their URLs, the application class loader by {@code java.class.path}; a jar's
 * manifest {@code Class-Path} is followed (surefire's booter jar). Immutable, thread-safe.
 */
public final class KafkaClasspath {
    /** Main classes the child JVMs run, each with the artifact that provides it (named in the error). */
    static final Map<String, String> REQUIRED = Map.of(
            "kafka.Kafka", "org.apache.kafka:kafka_2.13",
            "kafka.tools.StorageTool", "org.apache.kafka:kafka_2.13",
            "org.apache.kafka.connect.mirror.MirrorMaker", "org.apache.kafka:connect-mirror");

    private final List<Path> entries;

    private KafkaClasspath(List<Path> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * This JVM's class path, checked to hold every Kafka main class a child JVM runs.
     *
     * @throws ServerException naming the missing classes and the artifacts that provide them
     */
    public static KafkaClasspath load() {
        return check(new KafkaClasspath(ofLoader(KafkaClasspath.class.getClassLoader())));
    }

    /** The entries of a class path string (e.g. {@code java.class.path}), manifest {@code Class-Path}s followed. */
    static KafkaClasspath parse(String classPath) {
        Set<Path> out = new LinkedHashSet<>();
        Arrays.stream(classPath.split(File.pathSeparator)).filter(s -> !s.isBlank())
                .forEach(s -> addWithManifest(Path.of(s).toAbsolutePath().normalize(), out));
        return new KafkaClasspath(List.copyOf(out));
    }

    static KafkaClasspath check(KafkaClasspath cp) {
        List<String> missing = new ArrayList<>();
        try (URLClassLoader probe = new URLClassLoader(cp.urls(), ClassLoader.getPlatformClassLoader())) {
            REQUIRED.forEach((cls, artifact) -> {
                if (probe.getResource(cls.replace('.', '/') + ".class") == null) {
                    missing.add(cls + " (" + artifact + ")");
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!missing.isEmpty()) {
            throw new ServerException("Kafka server classes are not on this JVM's class path: " + missing.stream().sorted()
                    .toList() + "; contmig-servers declares them as runtime dependencies, so put it (not only its "
                    + "compile scope) on the class path");
        }
        return cp;
    }

    private static List<Path> ofLoader(ClassLoader loader) {
        Set<Path> out = new LinkedHashSet<>();
        List<ClassLoader> chain = new ArrayList<>();
        for (ClassLoader l = loader; l != null; l = l.getParent()) {
            chain.add(0, l); // parents first, as delegation sees them
        }
        for (ClassLoader l : chain) {
            if (l instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    toPath(url).ifPresent(p -> addWithManifest(p, out));
                }
            } else if (l == ClassLoader.getSystemClassLoader()) {
                out.addAll(parse(System.getProperty("java.class.path", "")).entries);
            }
        }
        return List.copyOf(out);
    }

    private static void addWithManifest(Path entry, Set<Path> out) {
        if (!out.add(entry) || !Files.isRegularFile(entry)) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (classPath == null) {
                return;
            }
            URI base = entry.toUri();
            for (String ref : classPath.trim().split("\\s+")) {
                try {
                    URI uri = base.resolve(new URI(ref));
                    if ("file".equals(uri.getScheme())) {
                        addWithManifest(Path.of(uri).normalize(), out);
                    }
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // Not a file reference: nothing a child JVM could use.
                }
            }
        } catch (IOException e) {
            // Not a jar (or unreadable): kept as a plain entry.
        }
    }

    private static java.util.Optional<Path> toPath(URL url) {
        try {
            return "file".equals(url.getProtocol()) ? java.util.Optional.of(Path.of(url.toURI()).normalize())
                    : java.util.Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    private URL[] urls() {
        return entries.stream().map(p -> {
            try {
                return p.toUri().toURL();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toArray(URL[]::new);
    }

    /** The class path entries (jars and directories), in class loading order. */
    public List<Path> entries() {
        return entries;
    }

    /** The entries joined with ':' for {@code -cp}. */
    public String asArgument() {
        return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
    }
}
