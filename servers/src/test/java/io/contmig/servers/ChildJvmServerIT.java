package io.contmig.servers;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ChildJvmServerIT {

    @Test
    void runsAMainClassAsAManagedServerWithAProbe() throws Exception {
        Path data = TestDirs.dataDir("child-jvm-it");
        Path portFile = data.resolve("port");
        ChildJvm jvm = new ChildJvm(EchoMain.class.getName(), List.of(portFile.toString()), List.of("-Xmx32m"),
                System.getProperty("java.class.path"));
        ChildJvmServer server = new ChildJvmServer("child-jvm-it", data, TestDirs.runDir(), jvm,
                dir -> Files.writeString(dir.resolve("setup-ran"), "yes"),
                () -> {
                    try (Socket s = new Socket("127.0.0.1", Integer.parseInt(Files.readString(portFile)))) {
                        s.getOutputStream().write(7);
                        return s.getInputStream().read() == 7 ? Boolean.TRUE : null;
                    }
                }, Duration.ofSeconds(60));
        try {
            server.start();
            assertThat(data.resolve("setup-ran")).hasContent("yes");
            assertThat(Posix.cmdline(server.pid())).contains(EchoMain.class.getName()).contains(data.toString());
            assertThat(server.logFile()).content().contains("echo listening on");
            assertThat(TestDirs.runDir().resolve("child-jvm-it.pid")).exists();
        } finally {
            long pid = server.isRunning() ? server.pid() : -1;
            server.close();
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        }
        assertThat(TestDirs.runDir().resolve("child-jvm-it.pid")).doesNotExist();
    }

    @Test
    void aJvmThatDiesAtStartIsReportedWithItsLog() {
        ChildJvm jvm = new ChildJvm("io.contmig.servers.NoSuchMain", List.of(), List.of("-Xmx32m"),
                System.getProperty("java.class.path"));
        ChildJvmServer server = new ChildJvmServer("child-jvm-dies", TestDirs.dataDir("child-jvm-dies"),
                TestDirs.runDir(), jvm, dir -> { }, () -> null, Duration.ofSeconds(60));
        org.assertj.core.api.Assertions.assertThatThrownBy(server::start)
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("child-jvm-dies did not start")
                .hasMessageContaining("exited with code 1")
                .hasMessageContaining("Could not find or load main class io.contmig.servers.NoSuchMain");
        assertThat(server.isRunning()).isFalse();
        assertThat(TestDirs.runDir().resolve("child-jvm-dies.pid")).doesNotExist();
    }
}
