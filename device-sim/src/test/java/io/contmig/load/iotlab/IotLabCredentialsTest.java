package io.contmig.load.iotlab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code ~/.iotlabrc} format of iotlabcli, and the environment overrides. */
class IotLabCredentialsTest {

    @Test
    void readsLoginAndBase64Password(@TempDir Path dir) throws Exception {
        Path rc = Files.writeString(dir.resolve(".iotlabrc"), "alice:czNjcmV0\n");
        IotLabCredentials c = IotLabCredentials.read(rc);
        assertThat(c.login()).isEqualTo("alice");
        assertThat(new String(c.password())).isEqualTo("s3cret");
        assertThat(c.toString()).doesNotContain("s3cret").contains("alice");
    }

    @Test
    void badFilesAreNamedWithoutTheirContent(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> IotLabCredentials.read(dir.resolve("none")))
                .hasMessageContaining("is missing or unreadable (create it with `iotlab-auth -u <login>`");
        Path bad = Files.writeString(dir.resolve("bad"), "alice-s3cret");
        assertThatThrownBy(() -> IotLabCredentials.read(bad)).hasMessageContaining("is not one line login:base64")
                .hasMessageNotContaining("s3cret");
        Path notBase64 = Files.writeString(dir.resolve("nb64"), "alice:***");
        assertThatThrownBy(() -> IotLabCredentials.read(notBase64)).hasMessageContaining("is not base64");
    }

    @Test
    void environmentOverridesFileAndApi() {
        assertThat(IotLabCredentials.defaultFile(Map.of("IOTLAB_PASSWORD_FILE", "/tmp/rc"))).isEqualTo(Path.of("/tmp/rc"));
        assertThat(IotLabCredentials.defaultFile(Map.of()).getFileName().toString()).isEqualTo(".iotlabrc");
        assertThat(IotLabCredentials.defaultApi(Map.of("IOTLAB_API_URL", "http://127.0.0.1:9/api/")))
                .isEqualTo("http://127.0.0.1:9/api/");
        assertThat(IotLabCredentials.defaultApi(Map.of())).isEqualTo("https://www.iot-lab.info/api/");
    }
}
