package io.contmig.runner;

import io.contmig.servers.ServerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EnvironmentFailureTest {

    @Test
    void environmentFailuresAreOneLineWithTheirCause() {
        assertThat(EnvironmentFailure.describe(new UncheckedIOException("pg-cloud: could not prepare data dir /d",
                new AccessDeniedException("/d/pgdata"))))
                .contains("pg-cloud: could not prepare data dir /d: permission denied (/d/pgdata)");
        assertThat(EnvironmentFailure.describe(new ServerException("PostgreSQL server binaries >= 15 not found")))
                .contains("PostgreSQL server binaries >= 15 not found");
        assertThat(EnvironmentFailure.describe(new IllegalStateException("proxy",
                new BindException("Address already in use")))).contains("proxy: Address already in use");
        assertThat(EnvironmentFailure.describe(new UncheckedIOException(new IOException("download failed"))))
                .contains("download failed");
    }

    @Test
    void bugsAreNotEnvironmentFailures() {
        assertThat(EnvironmentFailure.describe(new NullPointerException("x"))).isEmpty();
        assertThat(EnvironmentFailure.describe(new IllegalStateException("y", new ArithmeticException()))).isEmpty();
    }

    @Test
    void aBenchThatCannotCreateItsDirectoriesEndsWithOneMessagePerServerAndNoStackTrace() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // /proc refuses new directories: every server fails while preparing its data dir, before any process starts.
        ExitCode code = Main.run(List.of("bench", "--output", "/proc/contmig-test"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String console = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(ExitCode.RUN_FAILED);
        assertThat(console).contains("[contmig] sandbox: sandbox servers failed to start")
                .contains("postgres-cloud: could not prepare data dir /proc/contmig-test/sandbox/cloud/postgres")
                .doesNotContain("\tat ").doesNotContain("Exception:");
    }

    @Test
    void propertiesComeFromTheFileWhichIsThenDeleted(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("p.properties");
        Files.writeString(file, "contmig.test.secretPassword=s3cr=t\n");
        Main.loadProperties(Optional.of(file));
        try {
            assertThat(System.getProperty("contmig.test.secretPassword")).isEqualTo("s3cr=t");
            assertThat(file).doesNotExist();
        } finally {
            System.clearProperty("contmig.test.secretPassword");
        }
        Main.loadProperties(Optional.empty());
    }
}
