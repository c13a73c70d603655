package io.contmig.servers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fetches real Debian packages into the user cache (network on the first run only). */
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
    void anUnknownPackageNamesTheFix() {
        assertThatThrownBy(() -> DebianPackages.candidateVersion("contmig-no-such-package"))
                .isInstanceOf(ServerException.class)
                .hasMessageContaining("contmig-no-such-package")
                .hasMessageContaining("apt-get update");
    }
}
