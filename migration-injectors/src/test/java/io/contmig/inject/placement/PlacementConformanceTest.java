package io.contmig.inject.placement;

import io.contmig.inject.InjectorConformance;
import io.contmig.inject.SimpleTenantRouting;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The injector conformance properties for the placement injectors: {@code placement/sandbox-site} on an in-memory
 * routing, {@code placement/kubernetes} against fabric8's mock API server in CRUD mode. Neither moves data, so
 * "nothing is PASS with checked == 0" does not apply (a placement's verification is its tenant's cross-store
 * result, which the runner produces). Fast and in-process: a unit test.
 */
@EnableKubernetesMockClient(crud = true, https = false)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PlacementConformanceTest extends InjectorConformance {

    static KubernetesClient client;
    /** Deployments of failure runs: this controller never rolls them out, so a fault at rollout precedes the commit. */
    private static final Pattern NEVER_ROLLED_OUT = Pattern.compile("stage-k8-f\\d+");
    private static ScheduledExecutorService controller;

    @AfterAll
    static void stopController() {
        if (controller != null) {
            controller.shutdownNow();
        }
    }

    private static SimpleTenantRouting routing(String tenant) {
        return new SimpleTenantRouting(Map.of("cloud", endpoints("cloud"), "edge", endpoints("edge")))
                .addTenant(tenant, "cloud").addTenant(NEIGHBOUR, "cloud");
    }

    private static SiteEndpoints endpoints(String site) {
        return new SiteEndpoints(site, "jdbc:postgresql://127.0.0.1:9/postgres", "u", "p", "127.0.0.1:9",
                "http://127.0.0.1:9", "tcp://127.0.0.1:9");
    }

    private static String deploymentName(String tenant) {
        return "stage-" + tenant.replace('_', '-');
    }

    private static Deployment deployment(String tenant) {
        return client.apps().deployments().inNamespace("default").withName(deploymentName(tenant)).get();
    }

    /** Plays the workload controller: reports every replica rolled out for the current generation. */
    private static synchronized void startController() {
        if (controller != null) {
            return;
        }
        controller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mock-deployment-controller");
            t.setDaemon(true);
            return t;
        });
        controller.scheduleWithFixedDelay(() -> {
            for (Deployment d : client.apps().deployments().inNamespace("default").list().getItems()) {
                if (NEVER_ROLLED_OUT.matcher(d.getMetadata().getName()).matches() || rolledOut(d)) {
                    continue;
                }
                client.apps().deployments().inNamespace("default").withName(d.getMetadata().getName()).editStatus(x ->
                        new DeploymentBuilder(x).withNewStatus().withObservedGeneration(x.getMetadata().getGeneration())
                                .withReplicas(1).withUpdatedReplicas(1).withAvailableReplicas(1).withReadyReplicas(1)
                                .endStatus().build());
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
    }

    private static boolean rolledOut(Deployment d) {
        return d.getStatus() != null && Objects.equals(d.getStatus().getObservedGeneration(), d.getMetadata().getGeneration())
                && Objects.equals(d.getStatus().getUpdatedReplicas(), d.getSpec().getReplicas());
    }

    @Override
    protected List<Subject> subjects() {
        return List.of(new SandboxSite(), new Kubernetes());
    }

    private static final class SandboxSite extends Subject {
        SandboxSite() {
            super("placement/sandbox-site", "ss", Store.PIPELINE, Map.of("maxDrain", "2s"));
        }

        @Override
        protected TenantRouting createTenant(String tenant, boolean withData) {
            return routing(tenant);
        }

        @Override
        protected String sourceState(String tenant) {
            return ""; // the stage holds no data: the routing is all there is
        }

        @Override
        protected String artifacts(String tenant) {
            return "";
        }
    }

    private static final class Kubernetes extends Subject {
        Kubernetes() {
            super("placement/kubernetes", "k8", Store.PIPELINE, Map.of("timeout", "10s"));
        }

        @Override
        protected Map<String, Object> options(String tenant) {
            return Map.of("masterUrl", client.getMasterUrl().toString(), "name", deploymentName(tenant), "timeout", "10s");
        }

        @Override
        protected TenantRouting createTenant(String tenant, boolean withData) {
            startController();
            String name = deploymentName(tenant);
            client.apps().deployments().inNamespace("default").resource(new DeploymentBuilder()
                    .withNewMetadata().withName(name).withNamespace("default").withGeneration(1L).endMetadata()
                    .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                    .withNewSpec().addToNodeSelector("contmig.io/site", "cloud").addToNodeSelector("disk", "ssd")
                    .addNewContainer().withName("stage").withImage("sitewhere/stage:3").endContainer().endSpec()
                    .endTemplate().endSpec().build()).create();
            return routing(tenant);
        }

        @Override
        protected String sourceState(String tenant) {
            var pod = deployment(tenant).getSpec().getTemplate().getSpec();
            return "nodeSelector " + pod.getNodeSelector() + ", affinity " + pod.getAffinity();
        }

        @Override
        protected String artifacts(String tenant) {
            return client.apps().deployments().inNamespace("default").list().getItems().stream()
                    .map(d -> d.getMetadata().getName()).filter(n -> n.contains(deploymentName(tenant))).sorted().toList()
                    .toString();
        }

        /** The workload runs at the target: its template asks for {@code edge} and the rollout completed. */
        @Override
        protected boolean committed(String tenant, TenantRouting routing) {
            Deployment d = deployment(tenant);
            return "edge".equals(d.getSpec().getTemplate().getSpec().getNodeSelector().get("contmig.io/site")) && rolledOut(d);
        }
    }
}
