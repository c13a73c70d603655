package io.contmig.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * As root, a data directory under a 0700 parent (a clone in {@code /root} or in {@code mktemp -d}) still works:
 * user {@code postgres} cannot reach it, so the cluster lives in a 0700 directory of its own under
 * {@code /var/tmp/contmig-0/}, and a restart keeps its data.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PostgresPrivateDirIT {

    @Test
    void aDataDirUnderAPrivateParentIsServedFromADirectoryThePostgresUserOwns() throws Exception {
        assumeTrue(Posix.isRoot(), "only root runs PostgreSQL as another user");
        Path privateParent = TestDirs.dataDir("private");
        Files.createDirectories(privateParent);
        Files.setPosixFilePermissions(privateParent, PosixFilePermissions.fromString("rwx------"));
        Path dataDir = privateParent.resolve("pg-private");
        assertThat(Posix.traversableByOthers(dataDir)).isFalse();

        PostgresServer server = new PostgresServer(PostgresServer.Options.defaults("pg-private", dataDir)
                .withRunDir(TestDirs.runDir()));
        try {
            server.start();
            Path home = server.pgData().getParent();
            Path base = ForeignUserDirs.standard().base();
            assertThat(home.getParent()).isEqualTo(base);
            assertThat(Files.getOwner(home).getName()).isEqualTo("postgres");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(base))).isEqualTo("rwx--x--x");
            assertThat(Files.getOwner(base).getName()).isEqualTo("root");
            assertThat(server.logFile()).startsWith(home);
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                s.execute("create table t(id int primary key)");
                s.execute("insert into t values (1)");
            }
            assertThat(home.resolve("pwfile")).doesNotExist();

            server.close();
            assertThat(home).as("a restart keeps the data").isDirectory();
            server.start();
            try (Connection c = server.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from t")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        } finally {
            server.close();
        }
    }
}
