package io.contmig.inject.sitewhere;

import io.contmig.inject.KubernetesPatchRecords;
import io.contmig.inject.SimpleTenantRouting;
import io.contmig.servers.SideEffectJournal;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Store switches on SiteWhere 3 against fabric8's mock API server in CRUD mode with SiteWhere's
 * {@code tenantengines.sitewhere.io} CRD registered (the accepted stand-in): the test plays SiteWhere's tenant engines,
 * writing {@code status.bootstrapState} once they see the new datastore reference.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class SiteWhereSwitchingRoutingTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final java.util.concurrent.ExecutorService FOLLOWERS =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "tenant-engine");
                t.setDaemon(true);
                return t;
            });

    private static final String NS = "sitewhere";
    private static final List<String> PG_SERVICES = List.of("device-management", "asset-management");

    private final SimpleTenantRouting plain = new SimpleTenantRouting(Map.of("cloud", endpoints("cloud"),
            "edge", endpoints("edge"))).addTenant("acme", "cloud");
    /** A journal of its own per test: the machine's is left alone. */
    private final SideEffectJournal journal = newJournal();
    private final SiteWhereTenantEngines engines = new SiteWhereTenantEngines(client, NS, journal, "test run");
    private final SiteWhereSwitchingRouting routing = new SiteWhereSwitchingRouting(plain, engines,
            Map.of("postgresql", PG_SERVICES, "influxdb", List.of("event-management")),
            Map.of("cloud", Map.of("postgresql", "postgres", "influxdb", "influxdb"),
                    "edge", Map.of("postgresql", "postgres-edge")), Duration.ofSeconds(10));

    private static SideEffectJournal newJournal() {
        try {
            return new SideEffectJournal(Files.createTempDirectory("contmig-journal").resolve("journal.jsonl"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SiteEndpoints endpoints(String site) {
        return new SiteEndpoints(site, "jdbc:postgresql://127.0.0.1:1/postgres", "u", "p", "k", "i", "m");
    }

    /** SiteWhere's CRD (group, version, names and scope as in sitewhere-k8s' 03-SiteWhereTenantEngine.yaml). */
    @BeforeEach
    void registerCrdAndEngines() {
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("tenantengines.sitewhere.io").endMetadata()
                .withNewSpec().withGroup("sitewhere.io").withScope("Namespaced")
                .withNewNames().withKind("SiteWhereTenantEngine").withPlural("tenantengines")
                .withSingular("tenantengine").withShortNames("swte").endNames()
                .addNewVersion().withName("v1alpha4").withServed(true).withStorage(true)
                .withNewSubresources().withNewStatus().endStatus().endSubresources()
                .endVersion().endSpec().build();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(r -> r.update());
        server.expectCustomResource(CustomResourceDefinitionContext.fromCrd(crd));
        for (String m : List.of("device-management", "asset-management", "event-management")) {
            String reference = m.equals("event-management") ? "influxdb" : "postgres";
            GenericKubernetesResource engine = new GenericKubernetesResourceBuilder()
                    .withApiVersion("sitewhere.io/v1alpha4").withKind("SiteWhereTenantEngine")
                    .withNewMetadata().withName("acme-" + m).withNamespace(NS).endMetadata()
                    .addToAdditionalProperties("spec", Map.of("configuration",
                            Map.of("datastore", Map.of("reference", reference), "other", "kept")))
                    .addToAdditionalProperties("status", Map.of("bootstrapState", "Bootstrapped"))
                    .build();
            client.genericKubernetesResources(SiteWhereTenantEngines.TENANT_ENGINES).inNamespace(NS)
                    .resource(engine).createOr(r -> r.update());
        }
    }

    /** Plays one tenant engine: once its spec names {@code reference}, it restarts and reports its bootstrap state. */
    private CompletableFuture<Void> engineFollows(String name, String reference) {
        // Own threads: the common pool may have a single thread on a 2-core machine, which fabric8's watch needs too.
        return CompletableFuture.runAsync(() -> {
            var resource = client.genericKubernetesResources(SiteWhereTenantEngines.TENANT_ENGINES).inNamespace(NS)
                    .withName(name);
            resource.waitUntilCondition(r -> r != null && reference.equals(datastore(r)), 10, TimeUnit.SECONDS);
            // A restarting engine goes through bootstrapping again (an API server ignores a no-op status write).
            for (String state : List.of("Bootstrapping", "Bootstrapped")) {
                GenericKubernetesResource r = resource.get();
                r.getAdditionalProperties().put("status", Map.of("bootstrapState", state));
                resource.updateStatus(r);
            }
        }, FOLLOWERS);
    }

    @SuppressWarnings("unchecked")
    private static String datastore(GenericKubernetesResource r) {
        Map<String, Object> spec = (Map<String, Object>) r.getAdditionalProperties().get("spec");
        Map<String, Object> configuration = (Map<String, Object>) spec.get("configuration");
        return (String) ((Map<String, Object>) configuration.get("datastore")).get("reference");
    }

    @Test
    void aSwitchPatchesEveryEngineOfTheStoreAndRecordsOnlyOnceTheyReportIt() throws Exception {
        List<CompletableFuture<Void>> engineRestarts = new ArrayList<>();
        for (String m : PG_SERVICES) {
            engineRestarts.add(engineFollows("acme-" + m, "postgres-edge"));
        }

        routing.switchSite("acme", Store.POSTGRESQL, "edge");

        CompletableFuture.allOf(engineRestarts.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(plain.siteOf("acme", Store.POSTGRESQL)).isEqualTo("edge");
        // What the switch patched, read back from the API server: the reference, and nothing else of the configuration.
        assertThat(engines.references("acme", PG_SERVICES)).containsExactly(
                Map.entry("acme-device-management", "postgres-edge"), Map.entry("acme-asset-management", "postgres-edge"));
        assertThat(engines.references("acme", List.of("event-management"))).containsEntry("acme-event-management", "influxdb");
        GenericKubernetesResource dm = client.genericKubernetesResources(SiteWhereTenantEngines.TENANT_ENGINES)
                .inNamespace(NS).withName("acme-device-management").get();
        assertThat(dm.getAdditionalProperties().get("spec").toString()).contains("other=kept");
        // Each patch was journaled with the way back, and stays open until healed or settled.
        assertThat(journal.outstanding()).extracting(SideEffectJournal.Entry::kind, SideEffectJournal.Entry::name)
                .containsExactly(tuple(SideEffectJournal.KUBERNETES_PATCH, "tenantengines/sitewhere/acme-device-management"),
                        tuple(SideEffectJournal.KUBERNETES_PATCH, "tenantengines/sitewhere/acme-asset-management"));
        assertThat(journal.outstanding()).allSatisfy(e -> {
            assertThat(e.where()).isEqualTo(client.getMasterUrl().toString());
            assertThat(e.restore()).contains("\\\"reference\\\":\\\"postgres\\\"");
        });

        // Heal: the way back is the same switch with the old reference.
        engineRestarts.clear();
        for (String m : PG_SERVICES) {
            engineRestarts.add(engineFollows("acme-" + m, "postgres"));
        }
        routing.switchSite("acme", Store.POSTGRESQL, "cloud");
        CompletableFuture.allOf(engineRestarts.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(engines.references("acme", PG_SERVICES)).containsValues("postgres", "postgres");
        assertThat(plain.siteOf("acme", Store.POSTGRESQL)).isEqualTo("cloud");
        assertThat(journal.outstanding()).as("records closed once healed").isEmpty();
    }

    /** Switches acme's PostgreSQL to the edge with the engines following. */
    private void switchToEdge() throws Exception {
        List<CompletableFuture<Void>> engineRestarts = new ArrayList<>();
        for (String m : PG_SERVICES) {
            engineRestarts.add(engineFollows("acme-" + m, "postgres-edge"));
        }
        routing.switchSite("acme", Store.POSTGRESQL, "edge");
        CompletableFuture.allOf(engineRestarts.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
    }

    @Test
    void theSwitchesOfARunThatEndsAreKept() throws Exception {
        switchToEdge();

        engines.settle();

        assertThat(journal.outstanding()).isEmpty();
        assertThat(engines.references("acme", PG_SERVICES)).containsValues("postgres-edge", "postgres-edge");
    }

    @Test
    void theNextStartRestoresWhatAKilledRunPatched() throws Exception {
        switchToEdge();
        // What a runner killed now leaves: its records, written by a JVM that is gone.
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String lines = Files.readString(journal.file());
        Files.writeString(journal.file(), lines.replace("\"ownerPid\":" + ProcessHandle.current().pid(),
                "\"ownerPid\":" + gone.pid()));
        assertThat(journal.outstanding()).hasSize(2).allMatch(SideEffectJournal.Entry::orphaned);

        for (SideEffectJournal.Entry e : journal.outstanding()) {
            KubernetesPatchRecords.restoreOrphaned(journal, e, KubernetesPatchRecords::clientOf);
        }

        assertThat(engines.references("acme", PG_SERVICES)).containsValues("postgres", "postgres");
        GenericKubernetesResource dm = client.genericKubernetesResources(SiteWhereTenantEngines.TENANT_ENGINES)
                .inNamespace(NS).withName("acme-device-management").get();
        assertThat(dm.getAdditionalProperties().get("spec").toString()).contains("other=kept");
        assertThat(journal.outstanding()).as("records closed once restored").isEmpty();
    }

    @Test
    void anEngineThatNeverReportsFailsTheSwitchAndTheRoutingStays() {
        SiteWhereSwitchingRouting impatient = new SiteWhereSwitchingRouting(plain, engines,
                Map.of("postgresql", PG_SERVICES), Map.of("edge", Map.of("postgresql", "postgres-edge")),
                Duration.ofMillis(600));

        assertThatThrownBy(() -> impatient.switchSite("acme", Store.POSTGRESQL, "edge"))
                .isInstanceOf(SiteWhereTenantEngines.SwitchException.class)
                .hasMessageContaining("acme-device-management: the tenant engine did not report datastore 'postgres-edge'")
                .hasMessageContaining("no status written since the patch");
        assertThat(plain.siteOf("acme", Store.POSTGRESQL)).isEqualTo("cloud");
    }

    @Test
    void whatCannotBeSwitchedIsNamed() {
        assertThat(routing.switchable(Store.POSTGRESQL, "edge")).isTrue();
        assertThat(routing.switchable(Store.INFLUXDB, "edge")).isFalse();
        assertThat(routing.switchable(Store.KAFKA, "cloud")).isFalse();
        assertThatThrownBy(() -> routing.switchSite("acme", Store.INFLUXDB, "edge"))
                .hasMessageContaining("no datastore of site edge for influxdb");
        assertThatThrownBy(() -> routing.switchSite("globex", Store.POSTGRESQL, "edge"))
                .hasMessageContaining("SiteWhereTenantEngine sitewhere/globex-device-management does not exist");
        assertThat(plain.siteOf("acme", Store.INFLUXDB)).isEqualTo("cloud");
    }
}
