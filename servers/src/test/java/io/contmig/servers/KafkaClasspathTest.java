package io.contmig.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

class KafkaClasspathTest {

    @Test
    void namesEveryJarTheServerAndMirrorMakerNeed() throws IOException {
        KafkaClasspath cp = KafkaClasspath.load();
        assertThat(cp.jars()).allSatisfy(j -> assertThat(j).isRegularFile());
        assertThat(cp.jars().stream().map(Path::getFileName).map(Path::toString))
                .contains("kafka_2.13-4.3.1.jar", "kafka-tools-4.3.1.jar", "connect-mirror-4.3.1.jar",
                        "connect-runtime-4.3.1.jar", "kafka-clients-4.3.1.jar", "log4j-slf4j-impl-2.25.4.jar",
                        "slf4j-api-1.7.36.jar")
                .noneMatch(n -> n.startsWith("junit") || n.startsWith("postgresql"));
        assertThat(containsClass(cp, "kafka/Kafka.class")).isTrue();
        assertThat(containsClass(cp, "kafka/tools/StorageTool.class")).isTrue();
        assertThat(containsClass(cp, "org/apache/kafka/connect/mirror/MirrorMaker.class")).isTrue();
    }

    @Test
    void aMissingJarIsNamedWithTheFix() {
        String present = KafkaClasspath.load().jars().get(0).toString();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> KafkaClasspath.parse(present + ":/nowhere/kafka_2.13-4.3.1.jar"))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("[/nowhere/kafka_2.13-4.3.1.jar]")
                .hasMessageContaining("mvn -pl servers dependency:resolve");
    }

    @Test
    void childJvmCommandUsesThisJavaAndTheClasspath() {
        ChildJvm jvm = ChildJvm.kafka("org.apache.kafka.connect.mirror.MirrorMaker", "mm2.properties");
        assertThat(jvm.command()).startsWith(ChildJvm.javaBinary().toString(), "-Xmx512m", "-cp")
                .endsWith("org.apache.kafka.connect.mirror.MirrorMaker", "mm2.properties");
    }

    private static boolean containsClass(KafkaClasspath cp, String entry) throws IOException {
        for (Path jar : cp.jars()) {
            try (JarFile f = new JarFile(jar.toFile())) {
                if (f.getEntry(entry) != null) {
                    return true;
                }
            }
        }
        return false;
    }
}
