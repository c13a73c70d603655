package io.contmig.inject.placement;

import io.contmig.inject.InjectionContext;
import io.contmig.inject.InjectionOutcome;
import io.contmig.inject.InjectionRunner;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.InjectorFactories;
import io.contmig.inject.KubernetesPatchRecords;
import io.contmig.inject.SimpleTenantRouting;
import io.contmig.options.OptionValues;
import io.contmig.record.ManualRunClock;
import io.contmig.record.Mark;
import io.contmig.record.Timeline;
import io.contmig.record.TimelineWriter;
import io.contmig.servers.SideEffectJournal;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.TenantRouting;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Kubernetes placement against fabric8's mock API server in CRUD mode (the accepted stand-in): the test plays
 * the workload controller, reporting the rollout in the status once it sees the patched template.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesNodeAffinityPlacementTest {

    static KubernetesClient client;

    @TempDir
    Path runDir;

    private final TimelineWriter timeline = new TimelineWriter(new StringWriter(), new ManualRunClock());
    private final SimpleTenantRouting routing = new SimpleTenantRouting(Map.of("cloud", endpoints("cloud"),
            "edge", endpoints("edge"))).addTenant("acme", "cloud");

    private static SiteEndpoints endpoints(String site) {
        return new SiteEndpoints(site, "jdbc:postgresql://127.0.0.1:1/postgres", "u", "p", "k", "i", "m");
    }

    private OptionValues options(Map<String, String> raw) {
        Map<String, Object> all = new java.util.LinkedHashMap<>(raw);
        all.put("masterUrl", client.getMasterUrl().toString());
        List<String> problems = new ArrayList<>();
        OptionValues v = OptionValues.validate("options", all, new KubernetesNodeAffinityPlacementFactory().options(), problems);
        assertThat(problems).isEmpty();
        return v;
    }

    private InjectionOutcome run(String name, Map<String, String> raw) {
        InjectionSpec spec = new InjectionSpec(name, "placement/kubernetes", "acme", "cloud", "edge");
        return new InjectionRunner(routing, timeline, runDir, InjectorFactories.installed()).run(spec, options(raw));
    }

    private Deployment deployment(String name) {
        return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace("default").withGeneration(1L).endMetadata()
                .withNewSpec().withReplicas(2)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addToNodeSelector("contmig.io/site", "cloud").addToNodeSelector("disk", "ssd")
                .addNewContainer().withName("stage").withImage("sitewhere/stage:3").endContainer().endSpec()
                .endTemplate().endSpec().build();
    }

    /** Plays the controller: once the template asks for {@code site}, reports every replica rolled out. */
    private CompletableFuture<Void> controllerRollsOut(String name, String site) {
        return CompletableFuture.runAsync(() -> {
            var resource = client.apps().deployments().inNamespace("default").withName(name);
            resource.waitUntilCondition(d -> d != null && placedAt(d.getSpec().getTemplate().getSpec(), site), 10, TimeUnit.SECONDS);
            resource.editStatus(d -> new DeploymentBuilder(d).withNewStatus().withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(2).withUpdatedReplicas(2).withAvailableReplicas(2).withReadyReplicas(2).endStatus().build());
        });
    }

    private static boolean placedAt(PodSpec pod, String site) {
        if (pod.getNodeSelector() != null && site.equals(pod.getNodeSelector().get("contmig.io/site"))) {
            return true;
        }
        return pod.getAffinity() != null && pod.getAffinity().getNodeAffinity() != null
                && pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().get(0).getMatchExpressions().get(0).getValues().contains(site);
    }

    private List<String> phases(String injection) {
        return timeline.marks().stream().filter(m -> m.kind().equals("injection-phase"))
                .filter(m -> injection.equals(m.attribute("injection"))).map(m -> m.attribute("phase")).toList();
    }

    @Test
    void patchesTheNodeSelectorAndWaitsForTheRollout() throws Exception {
        client.apps().deployments().inNamespace("default").resource(deployment("stage-acme")).create();
        CompletableFuture<Void> controller = controllerRollsOut("stage-acme", "edge");

        InjectionOutcome outcome = run("place-acme", Map.of("name", "stage-acme"));

        assertThat(outcome.failureReason()).isEmpty();
        controller.get(5, TimeUnit.SECONDS);
        assertThat(phases("place-acme")).containsExactly("patch", "rollout");
        Deployment now = client.apps().deployments().inNamespace("default").withName("stage-acme").get();
        // The site label changed, other selector entries stayed.
        assertThat(now.getSpec().getTemplate().getSpec().getNodeSelector())
                .containsEntry("contmig.io/site", "edge").containsEntry("disk", "ssd");
        assertThat(timeline.marks().get(0).attributes()).containsEntry("injectionKind", "placement")
                .containsEntry("strategy", "kubernetes").doesNotContainKey("store");
    }

    @Test
    void canPinByRequiredNodeAffinity() throws Exception {
        client.apps().deployments().inNamespace("default").resource(deployment("stage-aff")).create();
        CompletableFuture<Void> controller = controllerRollsOut("stage-aff", "edge");

        InjectionOutcome outcome = run("place-aff", Map.of("name", "stage-aff", "placeBy", "nodeAffinity"));

        assertThat(outcome.failureReason()).isEmpty();
        controller.get(5, TimeUnit.SECONDS);
        var term = client.apps().deployments().inNamespace("default").withName("stage-aff").get().getSpec().getTemplate()
                .getSpec().getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().get(0).getMatchExpressions().get(0);
        assertThat(term.getKey()).isEqualTo("contmig.io/site");
        assertThat(term.getOperator()).isEqualTo("In");
        assertThat(term.getValues()).containsExactly("edge");
        // The contradicting nodeSelector entry is gone (an API server removes a merge patch's null; the mock keeps
        // the key with a null value), the unrelated one stays.
        Map<String, String> selector = client.apps().deployments().inNamespace("default").withName("stage-aff").get()
                .getSpec().getTemplate().getSpec().getNodeSelector();
        assertThat(selector.get("contmig.io/site")).isNull();
        assertThat(selector).containsEntry("disk", "ssd");
    }

    @Test
    void aRolloutThatDoesNotCompleteFailsAndHealRestoresThePlacement() {
        StatefulSet sts = new StatefulSetBuilder().withNewMetadata().withName("influx-acme").withNamespace("default").endMetadata()
                .withNewSpec().withReplicas(1).withServiceName("influx")
                .withNewSelector().addToMatchLabels("app", "influx").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "influx").endMetadata()
                .withNewSpec().addToNodeSelector("contmig.io/site", "cloud")
                .addNewContainer().withName("influx").withImage("influxdb:1.8").endContainer().endSpec()
                .endTemplate().endSpec().build();
        client.apps().statefulSets().inNamespace("default").resource(sts).create();

        long start = System.nanoTime();
        InjectionOutcome outcome = run("place-sts", Map.of("name", "influx-acme", "kind", "StatefulSet", "timeout", "400ms"));

        assertThat(outcome.finished()).isFalse();
        assertThat(outcome.failureReason().orElseThrow())
                .contains("StatefulSet default/influx-acme: rollout to contmig.io/site=edge not complete within 400 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(outcome.healed()).isTrue();
        assertThat(client.apps().statefulSets().inNamespace("default").withName("influx-acme").get()
                .getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("contmig.io/site", "cloud");
        assertThat(timeline.marks().stream().map(Mark::kind).toList()).containsSubsequence("injection-failed", "heal-finished");
    }

    @Test
    void aMissingWorkloadFailsInPrepareNamingIt() {
        InjectionOutcome outcome = run("place-missing", Map.of("name", "nope"));
        assertThat(outcome.failureReason()).contains("Deployment default/nope not found");
        assertThat(phases("place-missing")).isEmpty();
    }

    @Test
    void optionsAreValidatedWithTheirPaths() {
        List<String> problems = new ArrayList<>();
        OptionValues.validate("injections[1].placement.options", Map.of("kind", "Pod", "name", "Bad_Name"),
                new KubernetesNodeAffinityPlacementFactory().options(), problems);
        assertThat(problems).containsExactlyInAnyOrder(
                "injections[1].placement.options.kind: unknown 'Pod' (expected one of: Deployment, StatefulSet)",
                "injections[1].placement.options.name: \"Bad_Name\" must match [a-z0-9]([-.a-z0-9]*[a-z0-9])?");
    }
    @Test
    void theNextStartRestoresThePlacementAKilledRunPatched() throws Exception {
        client.apps().deployments().inNamespace("default").resource(deployment("stage-killed")).create();
        SideEffectJournal journal = new SideEffectJournal(runDir.resolve("journal.jsonl"));
        InjectionSpec spec = new InjectionSpec("place-killed", "placement/kubernetes", "acme", "cloud", "edge");
        var placement = new KubernetesNodeAffinityPlacement(spec, new KubernetesNodeAffinityPlacement.Target("default",
                "Deployment", "stage-killed", "contmig.io/site", "edge",
                KubernetesNodeAffinityPlacement.PlaceBy.NODE_SELECTOR, Duration.ofMillis(300)),
                () -> KubernetesPatchRecords.clientOf(client.getMasterUrl().toString()), journal);
        InjectionContext ctx = new InjectionContext() {
            @Override
            public InjectionSpec spec() {
                return spec;
            }

            @Override
            public TenantRouting routing() {
                return routing;
            }

            @Override
            public Timeline timeline() {
                return timeline;
            }

            @Override
            public void phase(String phase) {
                // phases are not under test here
            }

            @Override
            public Path workDir() {
                return runDir;
            }
        };
        placement.prepare(ctx);
        // No controller: the rollout never completes, and the runner is killed before its heal.
        assertThatThrownBy(() -> placement.inject(ctx)).hasMessageContaining("rollout");
        assertThat(client.apps().deployments().inNamespace("default").withName("stage-killed").get().getSpec()
                .getTemplate().getSpec().getNodeSelector()).containsEntry("contmig.io/site", "edge");
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path file = journal.file();
        Files.writeString(file, Files.readString(file).replace("\"ownerPid\":" + ProcessHandle.current().pid(),
                "\"ownerPid\":" + gone.pid()));
        assertThat(journal.outstanding()).singleElement().satisfies(e -> {
            assertThat(e.orphaned()).isTrue();
            assertThat(e.kind()).isEqualTo(SideEffectJournal.KUBERNETES_PATCH);
            assertThat(e.name()).isEqualTo("deployments/default/stage-killed");
        });

        KubernetesPatchRecords.restoreOrphaned(journal, journal.outstanding().get(0), KubernetesPatchRecords::clientOf);

        assertThat(client.apps().deployments().inNamespace("default").withName("stage-killed").get().getSpec()
                .getTemplate().getSpec().getNodeSelector()).containsEntry("contmig.io/site", "cloud")
                .containsEntry("disk", "ssd");
        assertThat(journal.outstanding()).isEmpty();
    }
}
