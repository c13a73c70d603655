package io.contmig.inject.placement;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.contmig.inject.InjectionContext;
import io.contmig.inject.KubernetesPatchRecords;
import io.contmig.servers.SideEffectJournal;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.PlacementChange;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code placement/kubernetes}: moves a Deployment's or StatefulSet's pods to the nodes of another site by a
 * JSON-merge patch of its pod template — a {@code nodeSelector} entry {@code key=value}, or a required node
 * affinity {@code key In [value]} — and waits for the rollout (status {@code observedGeneration} reaches the
 * patched generation and every replica is updated and available/ready) within {@code timeout}. Phases:
 * {@code patch}, {@code rollout}. With node affinity, a {@code nodeSelector} entry on the same key is removed (it
 * would contradict the affinity); with a nodeSelector, an existing affinity is left as it is.
 *
 * <p>JSON-merge patches because they are what every API server (and fabric8's mock server) accepts for these
 * fields. If the rollout does not complete in time the injection fails and heal restores the template's previous
 * {@code nodeSelector} / {@code affinity}. One instance per injection, one thread; the client is closed by heal.
 *
 * <p>The patch is journaled before it is made ({@link KubernetesPatchRecords}, with the restore patch): heal closes the
 * record as kept once the rollout completed (the new placement is the outcome) or as removed once it restored the
 * previous placement; a runner killed in between leaves it open, and the next start restores the previous placement.
 */
public final class KubernetesNodeAffinityPlacement implements PlacementChange {

    /** How pods are pinned to a site's nodes. */
    public enum PlaceBy { NODE_SELECTOR, NODE_AFFINITY }

    /**
     * What to move and how.
     *
     * @param namespace the workload's namespace
     * @param kind      {@code Deployment} or {@code StatefulSet}
     * @param name      the workload's name
     * @param key       the node label selecting a site's nodes
     * @param value     the label value of the target site's nodes
     * @param placeBy   nodeSelector or node affinity
     * @param timeout   deadline of the rollout
     */
    public record Target(String namespace, String kind, String name, String key, String value, PlaceBy placeBy,
                         Duration timeout) {
        public Target {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(placeBy, "placeBy");
            if (!kind.equals("Deployment") && !kind.equals("StatefulSet")) {
                throw new IllegalArgumentException("kind '" + kind + "' must be Deployment or StatefulSet");
            }
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout (" + timeout + ") must be > 0");
            }
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InjectionSpec spec;
    private final Target target;
    private final Supplier<KubernetesClient> clients;
    private volatile KubernetesClient client;
    private volatile PodSpec before;
    private volatile boolean rolledOut;
    private final SideEffectJournal journal;
    /** The journal's record of the patch, from just before it was sent until heal closes it. */
    private volatile SideEffectJournal.Entry record;

    /** A placement journaled in the machine's journal. */
    public KubernetesNodeAffinityPlacement(InjectionSpec spec, Target target, Supplier<KubernetesClient> clients) {
        this(spec, target, clients, SideEffectJournal.machine());
    }

    public KubernetesNodeAffinityPlacement(InjectionSpec spec, Target target, Supplier<KubernetesClient> clients,
                                           SideEffectJournal journal) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.target = Objects.requireNonNull(target, "target");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.journal = Objects.requireNonNull(journal, "journal");
    }

    private ResourceDefinitionContext type() {
        boolean deployment = target.kind().equals("Deployment");
        return new ResourceDefinitionContext.Builder().withGroup("apps").withVersion("v1")
                .withPlural(deployment ? "deployments" : "statefulsets").withKind(target.kind()).withNamespaced(true)
                .build();
    }

    private Resource<? extends HasMetadata> workload() {
        return target.kind().equals("Deployment")
                ? client.apps().deployments().inNamespace(target.namespace()).withName(target.name())
                : client.apps().statefulSets().inNamespace(target.namespace()).withName(target.name());
    }

    private String describe() {
        return target.kind() + " " + target.namespace() + "/" + target.name();
    }

    @Override
    public void prepare(InjectionContext ctx) {
        client = clients.get();
        HasMetadata current = workload().get();
        if (current == null) {
            throw new IllegalStateException(describe() + " not found");
        }
        before = podSpec(current);
    }

    @Override
    public void inject(InjectionContext ctx) throws Exception {
        ctx.phase("patch");
        record = KubernetesPatchRecords.intend(journal, client, type(), target.namespace(), target.name(),
                JSON.writeValueAsString(restorePatch()), spec.name() + " (placement of " + describe() + ")");
        HasMetadata after = workload().patch(PatchContext.of(PatchType.JSON_MERGE), JSON.writeValueAsString(placementPatch()));
        long generation = generationOf(after);
        ctx.phase("rollout");
        try {
            workload().waitUntilCondition(w -> w != null && rolledOut(w, generation),
                    target.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            throw new IllegalStateException(describe() + ": rollout to " + target.key() + "=" + target.value()
                    + " not complete within " + target.timeout().toMillis() + " ms", e);
        }
        rolledOut = true;
    }

    @Override
    public void heal(InjectionContext ctx) throws Exception {
        try {
            SideEffectJournal.Entry recorded = record;
            if (rolledOut && recorded != null) {
                journal.kept(recorded);
                record = null;
            } else if (recorded != null && client != null) {
                // Also when the patch call failed: it may have been applied before the failure; restoring is harmless.
                workload().patch(PatchContext.of(PatchType.JSON_MERGE), JSON.writeValueAsString(restorePatch()));
                journal.removed(recorded);
                record = null;
            }
        } finally {
            KubernetesClient c = client;
            client = null;
            if (c != null) {
                c.close();
            }
        }
    }

    private Map<String, Object> placementPatch() {
        Map<String, Object> podSpec = new LinkedHashMap<>();
        if (target.placeBy() == PlaceBy.NODE_SELECTOR) {
            podSpec.put("nodeSelector", Map.of(target.key(), target.value()));
        } else {
            // A nodeSelector entry on the same key would contradict the new affinity: remove it (null in a merge patch).
            Map<String, Object> selector = new LinkedHashMap<>();
            selector.put(target.key(), null);
            podSpec.put("nodeSelector", selector);
            podSpec.put("affinity", Map.of("nodeAffinity", Map.of("requiredDuringSchedulingIgnoredDuringExecution",
                    Map.of("nodeSelectorTerms", List.of(Map.of("matchExpressions", List.of(Map.of(
                            "key", target.key(), "operator", "In", "values", List.of(target.value())))))))));
        }
        return templatePatch(podSpec);
    }

    /** Puts back the template's previous nodeSelector entry or affinity (null deletes in a merge patch). */
    private Map<String, Object> restorePatch() {
        Map<String, Object> podSpec = new LinkedHashMap<>();
        if (target.placeBy() == PlaceBy.NODE_SELECTOR) {
            Map<String, String> old = before == null || before.getNodeSelector() == null ? Map.of() : before.getNodeSelector();
            Map<String, Object> selector = new LinkedHashMap<>();
            selector.put(target.key(), old.get(target.key()));
            podSpec.put("nodeSelector", selector);
        } else {
            Map<String, String> oldSelector = before == null || before.getNodeSelector() == null ? Map.of() : before.getNodeSelector();
            Map<String, Object> selector = new LinkedHashMap<>();
            selector.put(target.key(), oldSelector.get(target.key()));
            podSpec.put("nodeSelector", selector);
            Affinity old = before == null ? null : before.getAffinity();
            podSpec.put("affinity", old == null ? null : JSON.convertValue(old, Map.class));
        }
        return templatePatch(podSpec);
    }

    private static Map<String, Object> templatePatch(Map<String, Object> podSpec) {
        return Map.of("spec", Map.of("template", Map.of("spec", podSpec)));
    }

    private static PodSpec podSpec(HasMetadata w) {
        if (w instanceof Deployment d) {
            return d.getSpec() == null || d.getSpec().getTemplate() == null ? null : d.getSpec().getTemplate().getSpec();
        }
        StatefulSet s = (StatefulSet) w;
        return s.getSpec() == null || s.getSpec().getTemplate() == null ? null : s.getSpec().getTemplate().getSpec();
    }

    private static long generationOf(HasMetadata w) {
        Long g = w.getMetadata().getGeneration();
        return g == null ? 0 : g;
    }

    /** Whether the controller has observed {@code generation} and every replica runs the new template. */
    static boolean rolledOut(HasMetadata w, long generation) {
        if (w instanceof Deployment d) {
            var status = d.getStatus();
            int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            return status != null && status.getObservedGeneration() != null && status.getObservedGeneration() >= generation
                    && nz(status.getUpdatedReplicas()) == replicas && nz(status.getAvailableReplicas()) == replicas
                    && nz(status.getReplicas()) == replicas;
        }
        StatefulSet s = (StatefulSet) w;
        var status = s.getStatus();
        int replicas = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
        return status != null && status.getObservedGeneration() != null && status.getObservedGeneration() >= generation
                && nz(status.getUpdatedReplicas()) == replicas && nz(status.getReadyReplicas()) == replicas
                && (status.getUpdateRevision() == null || status.getUpdateRevision().equals(status.getCurrentRevision()));
    }

    private static int nz(Integer v) {
        return v == null ? 0 : v;
    }
}
