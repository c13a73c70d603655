package io.contmig.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresBinariesTest {

    @Test
    void missingBinariesNameTheFix(@TempDir Path root) {
        assertThatThrownBy(() -> PostgresServer.findBinDir(root))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("PostgreSQL server binaries >= 15 not found")
                .hasMessageContaining(root.toString())
                .hasMessageContaining("apt-get install postgresql-15");
    }

    @Test
    void tooOldVersionsAreNamedAndTheHighestRecentOneWins(@TempDir Path root) throws IOException {
        fakeBinaries(root, 13);
        assertThatThrownBy(() -> PostgresServer.findBinDir(root)).hasMessageContaining("found only [13]");
        fakeBinaries(root, 15);
        fakeBinaries(root, 16);
        assertThat(PostgresServer.findBinDir(root)).isEqualTo(root.resolve("16/bin"));
    }

    private static void fakeBinaries(Path root, int version) throws IOException {
        Path bin = Files.createDirectories(root.resolve(version + "/bin"));
        for (String name : new String[] {"postgres", "initdb"}) {
            Files.writeString(bin.resolve(name), "#!/bin/sh\n");
            Files.setPosixFilePermissions(bin.resolve(name), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
