package io.contmig.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Fetches real Debian packages into the user cache (network on the first run only). */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DebianPackagesIT {
    private final DebianPackages packages = DebianPackages.userCache();

    @Test
    void fetchesAndExtractsInfluxdbIdempotently() {
        DebianPackages.Extracted first = packages.ensure("influxdb");
        assertThat(first.root()).startsWith(packages.cacheRoot().resolve("pkgs"));
        assertThat(first.root().getFileName().toString()).isEqualTo("influxdb-" + first.version().replace(':', '_'));
        var influxd = first.file("usr/bin/influxd");
        assertThat(Files.isExecutable(influxd)).isTrue();
        ShortCommand.Result version = ShortCommand.run(List.of(influxd.toString(), "version"), Duration.ofSeconds(10));
        assertThat(version.stdout()).startsWith("InfluxDB v1.");
        assertThat(packages.ensure("influxdb")).isEqualTo(first);
    }

    @Test
    void mosquittoComesWithTheLibrariesItLacks() {
        DebianPackages.Extracted mosquitto = packages.ensure("mosquitto");
        ShortCommand.Result help = ShortCommand.run(List.of("env", "LD_LIBRARY_PATH=" + mosquitto.libraryPath(),
                mosquitto.file("usr/sbin/mosquitto").toString(), "-h"), Duration.ofSeconds(10));
        assertThat(help.stdout() + help.stderr()).contains("mosquitto version 2.");
    }

    @Test
    void twoThreadsOfOneJvmEnsureAtTheSameTime() throws Exception {
        // Before the in-JVM lock, the second thread's FileChannel.lock() threw OverlappingFileLockException.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            // Many rounds each, so the two threads' lock sections overlap even when the packages are cached.
            Future<DebianPackages.Extracted> influx = pool.submit(() -> {
                go.await();
                DebianPackages.Extracted last = null;
                for (int i = 0; i < 50; i++) {
                    last = packages.ensure("influxdb");
                }
                return last;
            });
            Future<DebianPackages.Extracted> mosquitto = pool.submit(() -> {
                go.await();
                DebianPackages own = DebianPackages.userCache(); // another instance on the same cache directory
                DebianPackages.Extracted last = null;
                for (int i = 0; i < 50; i++) {
                    last = own.ensure("mosquitto");
                }
                return last;
            });
            go.countDown();
            assertThat(influx.get(5, TimeUnit.MINUTES).name()).isEqualTo("influxdb");
            assertThat(mosquitto.get(5, TimeUnit.MINUTES).name()).isEqualTo("mosquitto");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUnknownPackageNamesTheFix() {
        assertThatThrownBy(() -> DebianPackages.candidateVersion("contmig-no-such-package"))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("contmig-no-such-package")
                .hasMessageContaining("apt-get update");
    }
}
