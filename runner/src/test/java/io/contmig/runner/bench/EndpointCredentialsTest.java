package io.contmig.runner.bench;

import io.contmig.plan.BenchPlan;
import io.contmig.plan.Overrides;
import io.contmig.plan.PlanException;
import io.contmig.plan.PlanResolver;
import io.contmig.plan.ScenarioSource;
import io.contmig.plan.SiteWhereTarget;
import io.contmig.target.Login;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EndpointCredentialsTest {

    @TempDir
    Path dir;

    /** sandbox.json's shape: no PostgreSQL credentials, REST ones given. */
    private static BenchPlan plan(String rest) throws PlanException {
        String yaml = """
                target: sitewhere
                endpoints:
                  rest: { baseUrl: "http://127.0.0.1:1/sitewhere/api", authUrl: "http://127.0.0.1:1/sitewhere/authapi/jwt" %s }
                  mqtt: { url: "tcp://127.0.0.1:2" }
                  sites:
                    cloud: { postgres: "jdbc:postgresql://127.0.0.1:3/postgres", kafka: "127.0.0.1:4", influx: "http://127.0.0.1:5", mqtt: "tcp://127.0.0.1:6" }
                    far-edge: { postgres: "jdbc:postgresql://127.0.0.1:7/postgres", postgresUser: given, kafka: "127.0.0.1:8", influx: "http://127.0.0.1:9", mqtt: "tcp://127.0.0.1:10" }
                tenants: [ { name: default, site: cloud } ]
                """.formatted(rest);
        return PlanResolver.standard(Map.of()).resolve(ScenarioSource.text("t.yaml", yaml), Overrides.NONE);
    }

    private Path file(String text, String mode) throws IOException {
        Path f = dir.resolve("credentials");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void scenarioThenSiteEnvironmentThenGlobalEnvironmentThenFile() throws Exception {
        Path f = file("far-edge.postgresPassword=from-file\npostgresPassword=global-file\n", "rw-------");
        EndpointCredentials credentials = new EndpointCredentials(Map.of(
                EndpointCredentials.FILE_ENV, f.toString(),
                "CONTMIG_FAR_EDGE_POSTGRES_USER", "ignored-scenario-wins",
                "CONTMIG_CLOUD_POSTGRES_USER", "cloud-env",
                "CONTMIG_POSTGRES_USER", "global-env"), dir.resolve("absent"));

        SiteWhereTarget t = (SiteWhereTarget) credentials.complete(plan(", username: u, password: p")).target();

        assertThat(t.siteStores().get("cloud").postgresUser()).contains("cloud-env");
        assertThat(t.siteStores().get("far-edge").postgresUser()).contains("given");
        assertThat(t.siteStores().get("cloud").postgresPassword()).contains("global-file");
        assertThat(t.siteStores().get("far-edge").postgresPassword()).contains("from-file");
        assertThat(t.username()).contains("u");
    }

    @Test
    void everyMissingValueIsNamedAtOnce() {
        EndpointCredentials credentials = new EndpointCredentials(Map.of(), dir.resolve("absent"));

        assertThatThrownBy(() -> credentials.complete(plan("")))
                .isInstanceOf(EndpointCredentials.CredentialsException.class)
                .hasMessageContaining("endpoints.rest.username: not given")
                .hasMessageContaining("endpoints.rest.password: not given")
                .hasMessageContaining("endpoints.sites.cloud.postgresUser: not given (set it in the scenario, in "
                        + "CONTMIG_CLOUD_POSTGRES_USER or CONTMIG_POSTGRES_USER")
                .hasMessageContaining("endpoints.sites.far-edge.postgresPassword: not given")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("far-edge.postgresUser"));
    }

    @Test
    void aFileOthersCanReadIsRefused() throws Exception {
        Path f = file("postgresUser=u\npostgresPassword=p\n", "rw-r--r--");
        EndpointCredentials credentials = new EndpointCredentials(Map.of(EndpointCredentials.FILE_ENV, f.toString(),
                "CONTMIG_REST_USERNAME", "u", "CONTMIG_REST_PASSWORD", "p"), dir.resolve("absent"));

        assertThatThrownBy(() -> credentials.complete(plan("")))
                .hasMessageContaining(f + "): readable by others (rw-r--r--); make it owner-only: chmod 600");
    }

    @Test
    void theDefaultFileIsReadWhenPresentAndANamedFileMustExist() throws Exception {
        Path f = file("postgresUser=u\npostgresPassword=p\nrest.username=a\nrest.password=b\n", "rw-------");
        SiteWhereTarget t = (SiteWhereTarget) new EndpointCredentials(Map.of(), f).complete(plan("")).target();
        assertThat(t.password()).contains("b");
        assertThat(t.siteStores().get("cloud").postgresUser()).contains("u");

        assertThatThrownBy(() -> new EndpointCredentials(Map.of(EndpointCredentials.FILE_ENV,
                dir.resolve("nope").toString()), f).complete(plan("")))
                .hasMessageContaining("CONTMIG_CREDENTIALS_FILE (" + dir.resolve("nope") + "): no such file");
    }

    /** InfluxDB and MQTT logins are optional: absent everywhere is fine; found, they reach the target's endpoints. */
    @Test
    void influxAndMqttLoginsAreOptionalAndFoundLikeTheOthers() throws Exception {
        Path f = file("postgresUser=u\npostgresPassword=p\nrest.username=a\nrest.password=b\n", "rw-------");
        SiteWhereTarget none = (SiteWhereTarget) new EndpointCredentials(Map.of(), f).complete(plan("")).target();
        assertThat(none.mqttLogin().isNone()).isTrue();
        assertThat(none.siteStores().get("cloud").influxLogin().isNone()).isTrue();

        Path g = file("postgresUser=u\npostgresPassword=p\nrest.username=a\nrest.password=b\n"
                + "mqtt.username=dev\nmqtt.password=dev-pw\ncloud.influxUser=ic\ncloud.influxPassword=ic-pw\n"
                + "influxUser=ig\ninfluxPassword=ig-pw\nfar-edge.mqttUser=fm\nfar-edge.mqttPassword=fm-pw\n", "rw-------");
        SiteWhereTarget t = (SiteWhereTarget) new EndpointCredentials(Map.of("CONTMIG_FAR_EDGE_INFLUX_USER", "fe",
                "CONTMIG_FAR_EDGE_INFLUX_PASSWORD", "fe-pw"), g).complete(plan("")).target();
        assertThat(t.mqttLogin()).isEqualTo(new Login("dev", "dev-pw"));
        assertThat(t.siteStores().get("cloud").influxLogin()).isEqualTo(new Login("ic", "ic-pw"));
        assertThat(t.siteStores().get("cloud").mqttLogin()).isEqualTo(new Login("dev", "dev-pw"));
        assertThat(t.siteStores().get("far-edge").influxLogin()).isEqualTo(new Login("fe", "fe-pw"));
        assertThat(t.siteStores().get("far-edge").mqttLogin()).isEqualTo(new Login("fm", "fm-pw"));
    }

    @Test
    void aUserWithoutItsPasswordIsNamed() throws Exception {
        Path f = file("postgresUser=u\npostgresPassword=p\nrest.username=a\nrest.password=b\ncloud.influxUser=x\n",
                "rw-------");
        assertThatThrownBy(() -> new EndpointCredentials(Map.of("CONTMIG_MQTT_PASSWORD", "only"), f)
                .complete(plan("")))
                .hasMessageContaining("endpoints.sites.cloud.influx: cloud.influxPassword is missing while "
                        + "cloud.influxUser is set")
                .hasMessageContaining("endpoints.mqtt: CONTMIG_MQTT_USER is missing");
    }
}
