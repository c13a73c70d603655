package io.contmig.load.provision;

import io.contmig.load.mqtt.TenantDevices;
import io.contmig.load.testing.SiteWhereApiStub;
import io.contmig.load.testing.TestRelay;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Provisioning against a minimal in-test HTTP server that follows SiteWhere's REST API (reference §2); the
 * sandbox's own REST server is covered by the sandbox module.
 */
class SiteWhereProvisionerTest {

    private static RestEndpoint endpoint(SiteWhereApiStub stub, String password) {
        return new RestEndpoint(stub.baseUrl(), stub.authUrl(), "admin", password);
    }

    @Test
    void provisioningTwiceCreatesOnceAndReusesEverythingTheSecondTime() throws Exception {
        try (SiteWhereApiStub stub = new SiteWhereApiStub(Set.of("acme", "globex"), Duration.ofMinutes(5))) {
            List<TenantDevices> wanted = List.of(TenantDevices.numbered("acme", "acme-dev", 20),
                    TenantDevices.numbered("globex", "globex-dev", 5));
            SiteWhereProvisioner provisioner = new SiteWhereProvisioner(endpoint(stub, "password"),
                    Duration.ofSeconds(5), 4);

            ProvisionedFleet first = provisioner.provision("contmig-sensor", wanted);
            assertThat(first.created()).isEqualTo(new ProvisionedFleet.Counts(2, 25, 25));
            assertThat(first.reused().total()).isZero();
            assertThat(stub.entityCount()).isEqualTo(52);

            ProvisionedFleet second = new SiteWhereProvisioner(endpoint(stub, "password"), Duration.ofSeconds(5), 4)
                    .provision("contmig-sensor", wanted);
            assertThat(second.created().total()).isZero();
            assertThat(second.reused()).isEqualTo(new ProvisionedFleet.Counts(2, 25, 25));
            assertThat(stub.entityCount()).isEqualTo(52);
            assertThat(second.deviceIdByToken()).isEqualTo(first.deviceIdByToken());
            assertThat(second.assignmentTokens("acme")).isEqualTo(first.assignmentTokens("acme"));
            assertThat(first.deviceIdByToken()).hasSize(25).doesNotContainValue("");
            assertThat(first.tenantDevices().get(1).devices().get(0).token()).isEqualTo("globex-dev-000001");
        }
    }

    @Test
    void theJwtIsFetchedAgainBeforeItExpires() throws Exception {
        try (SiteWhereApiStub stub = new SiteWhereApiStub(Set.of("acme"), Duration.ofSeconds(60))) {
            MutableClock clock = new MutableClock(Instant.now());
            SiteWhereProvisioner provisioner = new SiteWhereProvisioner(endpoint(stub, "password"),
                    Duration.ofSeconds(5), 1, clock);
            String first = provisioner.jwt().token();
            clock.advance(Duration.ofSeconds(40)); // 60 s lifetime, refresh margin 12 s: still fresh at 40 s
            assertThat(provisioner.jwt().token()).isEqualTo(first);
            assertThat(stub.logins()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(9)); // 49 s: inside the margin
            assertThat(provisioner.jwt().token()).isNotEqualTo(first);
            assertThat(provisioner.jwt().fetches()).isEqualTo(2);
            provisioner.provision("t", List.of(TenantDevices.numbered("acme", "d", 1)));
            assertThat(stub.logins()).isEqualTo(2);
        }
    }

    @Test
    void refusedCredentialsAreReportedBeforeAnythingIsWritten() throws Exception {
        try (SiteWhereApiStub stub = new SiteWhereApiStub(Set.of("acme"), Duration.ofMinutes(5))) {
            SiteWhereProvisioner provisioner = new SiteWhereProvisioner(endpoint(stub, "wrong"), Duration.ofSeconds(5), 2);
            assertThatThrownBy(() -> provisioner.provision("t", List.of(TenantDevices.numbered("acme", "d", 3))))
                    .isInstanceOf(ProvisioningException.class)
                    .hasMessageContaining("refused the credentials of user 'admin' (HTTP 401)")
                    .hasMessageContaining(stub.authUrl().toString());
            assertThat(stub.entityCount()).isZero();
        }
    }

    @Test
    void unknownTenantsAreAllListedBeforeAnythingIsWritten() throws Exception {
        try (SiteWhereApiStub stub = new SiteWhereApiStub(Set.of("acme"), Duration.ofMinutes(5))) {
            SiteWhereProvisioner provisioner = new SiteWhereProvisioner(endpoint(stub, "password"), Duration.ofSeconds(5), 2);
            assertThatThrownBy(() -> provisioner.provision("t", List.of(TenantDevices.numbered("acme", "a", 3),
                    TenantDevices.numbered("nosuch", "n", 3), TenantDevices.numbered("other", "o", 1))))
                    .isInstanceOf(ProvisioningException.class)
                    .hasMessageContaining("tenant 'nosuch' does not exist")
                    .hasMessageContaining("tenant 'other' does not exist")
                    .hasMessageContaining("before writing anything");
            assertThat(stub.entityCount()).isZero();
        }
    }

    @Test
    void anUnreachableApiIsNamed() throws Exception {
        int port = TestRelay.freePort();
        RestEndpoint nowhere = new RestEndpoint(URI.create("http://127.0.0.1:" + port + "/sitewhere/api"),
                URI.create("http://127.0.0.1:" + port + "/sitewhere/authapi/jwt"), "admin", "password");
        SiteWhereProvisioner provisioner = new SiteWhereProvisioner(nowhere, Duration.ofSeconds(2), 1);
        assertThatThrownBy(() -> provisioner.provision("t", List.of(TenantDevices.numbered("acme", "a", 1))))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("SiteWhere REST API unreachable: GET http://127.0.0.1:" + port + "/sitewhere/authapi/jwt");
    }

    @Test
    void badEndpointValuesAreNamed() {
        assertThatThrownBy(() -> new RestEndpoint(URI.create("ftp://x/api"), URI.create("http://x/jwt"), "a", "b"))
                .hasMessageContaining("baseUrl 'ftp://x/api' must be an http(s) URL");
    }

    /** A clock moved by the test. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
