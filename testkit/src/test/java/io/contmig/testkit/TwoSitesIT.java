package io.contmig.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The two-site fixture with the lightest real server (InfluxDB): both sites up, distinct, endpoints as documented. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TwoSitesIT {

    @RegisterExtension
    static final TwoSites SITES = TwoSites.of("testkit-it", TwoSites.Server.INFLUXDB);

    @Test
    void bothSitesRunTheirOwnServerAndAbsentKindsPointAtTheDiscardPort() throws Exception {
        assertThat(SITES.influx("cloud").url()).isNotEqualTo(SITES.influx("edge").url());
        HttpClient http = HttpClient.newHttpClient();
        for (String site : TwoSites.SITES) {
            var ping = http.send(HttpRequest.newBuilder(URI.create(SITES.endpoints(site).influxUrl() + "/ping")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(ping.statusCode()).as(site).isEqualTo(204);
        }
        assertThat(SITES.endpoints().keySet()).containsExactly("cloud", "edge");
        assertThat(SITES.endpoints("edge").kafkaBootstrap()).isEqualTo("127.0.0.1:9");
        assertThatThrownBy(() -> SITES.kafka("cloud")).hasMessageContaining("has no KAFKA server at site 'cloud'");
        assertThat(SITES.dir()).exists();
    }
}
