package io.contmig.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClasspathTest {

    @Test
    void findsEveryJarTheServerAndMirrorMakerNeedOnThisJvmsClassPath() throws IOException {
        KafkaClasspath cp = KafkaClasspath.load();
        assertThat(cp.entries()).allSatisfy(j -> assertThat(j).isAbsolute().exists());
        assertThat(cp.entries().stream().map(Path::getFileName).map(Path::toString))
                .contains("kafka_2.13-4.3.1.jar", "kafka-tools-4.3.1.jar", "connect-mirror-4.3.1.jar",
                        "connect-runtime-4.3.1.jar", "kafka-clients-4.3.1.jar", "slf4j-api-2.0.20.jar",
                        "slf4j-simple-2.0.20.jar")
                .noneMatch(n -> n.startsWith("log4j-core") || n.startsWith("logback") || n.startsWith("surefirebooter"));
        assertThat(containsClass(cp, "kafka/Kafka.class")).isTrue();
        assertThat(containsClass(cp, "kafka/tools/StorageTool.class")).isTrue();
        assertThat(containsClass(cp, "org/apache/kafka/connect/mirror/MirrorMaker.class")).isTrue();
    }

    @Test
    void aClassPathWithoutKafkaIsRefusedNamingTheArtifacts(@TempDir Path dir) {
        assertThatThrownBy(() -> KafkaClasspath.check(KafkaClasspath.parse(dir.toString())))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("kafka.Kafka (org.apache.kafka:kafka_2.13)")
                .hasMessageContaining("org.apache.kafka.connect.mirror.MirrorMaker (org.apache.kafka:connect-mirror)");
    }

    @Test
    void followsAManifestClassPathLikeSurefiresBooterJar(@TempDir Path dir) throws IOException {
        Path classes = Files.createDirectories(dir.resolve("lib/classes"));
        Path other = Files.createDirectories(dir.resolve("other"));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/classes/ " + other.toUri());
        Path booter = dir.resolve("booter.jar");
        try (OutputStream out = Files.newOutputStream(booter); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
        assertThat(KafkaClasspath.parse(booter.toString()).entries()).containsExactly(booter, classes, other);
    }

    @Test
    void childJvmCommandUsesThisJavaTheClasspathAndLogsAtInfoToStdout() {
        ChildJvm jvm = ChildJvm.kafka("org.apache.kafka.connect.mirror.MirrorMaker", "mm2.properties");
        assertThat(jvm.command()).startsWith(ChildJvm.javaBinary().toString())
                .contains("-Dorg.slf4j.simpleLogger.logFile=System.out", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info")
                .containsSubsequence("-Xmx512m", "-cp", KafkaClasspath.load().asArgument())
                .endsWith("org.apache.kafka.connect.mirror.MirrorMaker", "mm2.properties");
    }

    private static boolean containsClass(KafkaClasspath cp, String entry) throws IOException {
        for (Path jar : cp.entries()) {
            if (Files.isRegularFile(jar)) {
                try (JarFile f = new JarFile(jar.toFile())) {
                    if (f.getEntry(entry) != null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
