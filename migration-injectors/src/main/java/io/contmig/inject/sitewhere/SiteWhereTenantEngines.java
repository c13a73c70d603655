package io.contmig.inject.sitewhere;

import io.contmig.inject.KubernetesPatchRecords;
import io.contmig.servers.SideEffectJournal;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SiteWhere 3's tenant engines as Kubernetes resources: one {@code SiteWhereTenantEngine}
 * ({@code sitewhere.io/v1alpha4}, plural {@code tenantengines}) per tenant and microservice, named
 * {@code <tenant>-<microservice>}, whose {@code spec.configuration.datastore.reference} names the datastore (of the
 * instance configuration) the engine uses. SiteWhere's microservices watch these resources and restart the tenant
 * engine on a change; the engine then writes its {@code status.bootstrapState}.
 *
 * <p>{@link #switchDatastore} JSON-merge-patches the reference (fabric8 generic resources; JSON merge because the
 * mock server and every API server accept it) and waits until every patched engine <em>reports</em> it: a later
 * resource version than the patch's (the engine wrote its status after the patch) whose {@code bootstrapState} is
 * {@link #READY_STATE}, with the new reference still in the spec. Only then has SiteWhere switched; the caller records
 * the switch after this returns, never before.
 *
 * <p>Every patch is journaled first ({@link KubernetesPatchRecords}: a {@link SideEffectJournal#KUBERNETES_PATCH} whose
 * restore patch puts back the reference the engine had before contmig's first switch of it). The record is closed as
 * removed when a later switch brings that reference back (a heal) and as kept by {@link #settle} (the run ended: its
 * switches are its outcome); a runner killed in between leaves it open, and the next start restores the old reference.
 *
 * <p>Thread-safe as the client is; every method blocks. A missing resource, a missing reference or an engine that does
 * not report in time throws {@link SwitchException} naming the resource; nothing is changed back here (the caller's
 * heal calls {@link #switchDatastore} with the old references).
 */
public final class SiteWhereTenantEngines {

    /** {@code sitewhere.io/v1alpha4} {@code tenantengines}, namespaced. */
    public static final ResourceDefinitionContext TENANT_ENGINES = new ResourceDefinitionContext.Builder()
            .withGroup("sitewhere.io").withVersion("v1alpha4").withPlural("tenantengines")
            .withKind("SiteWhereTenantEngine").withNamespaced(true).build();

    /** The bootstrap state a running tenant engine reports. */
    public static final String READY_STATE = "Bootstrapped";

    private static final Duration POLL = Duration.ofMillis(200);

    private final KubernetesClient client;
    private final String namespace;
    private final SideEffectJournal journal;
    private final String owner;
    /** Open journal records by engine name: the engine's reference before this instance first switched it. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    private record Pending(SideEffectJournal.Entry entry, String original) {
    }

    /** A failed or unobserved switch; the message names the resource and what was seen. */
    public static final class SwitchException extends RuntimeException {
        public SwitchException(String message) {
            super(message);
        }
    }

    /**
     * @param journal where each patch is recorded before it is made
     * @param owner   who patches (the run), as the journal names it
     */
    public SiteWhereTenantEngines(KubernetesClient client, String namespace, SideEffectJournal journal, String owner) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.journal = Objects.requireNonNull(journal, "journal");
        this.owner = Objects.requireNonNull(owner, "owner");
    }

    /** {@code <tenant>-<microservice>}, as SiteWhere's operator names them. */
    public static String name(String tenant, String microservice) {
        return tenant + "-" + microservice;
    }

    /** Each engine's current {@code datastore.reference}, by resource name; throws when one is missing. */
    public Map<String, String> references(String tenant, List<String> microservices) {
        Map<String, String> references = new LinkedHashMap<>();
        for (String microservice : microservices) {
            String name = name(tenant, microservice);
            references.put(name, reference(get(name), name));
        }
        return references;
    }

    /**
     * Sets {@code datastore.reference} of each named engine to {@code reference} and waits until every one reports
     * it (at most {@code timeout} in all).
     */
    public void switchDatastore(List<String> names, String reference, Duration timeout) throws InterruptedException {
        Map<String, String> patchedVersions = new LinkedHashMap<>();
        for (String name : names) {
            String before = reference(get(name), name);
            // Recorded before the patch: a runner killed from now on leaves the way back in the journal.
            pending.computeIfAbsent(name, n -> new Pending(KubernetesPatchRecords.intend(journal, client,
                    TENANT_ENGINES, namespace, n, referencePatch(before), owner), before));
            GenericKubernetesResource patched = resource(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                    referencePatch(reference));
            patchedVersions.put(name, patched.getMetadata().getResourceVersion());
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Map.Entry<String, String> e : patchedVersions.entrySet()) {
            awaitReported(e.getKey(), e.getValue(), reference, deadline, timeout);
            // Back at the reference it had before contmig's first switch: healed, nothing left to restore.
            pending.computeIfPresent(e.getKey(), (name, p) -> {
                if (!p.original().equals(reference)) {
                    return p;
                }
                journal.removed(p.entry());
                return null;
            });
        }
    }

    /**
     * Closes every open journal record as kept: the run ended and its switches are its outcome (a migration that
     * finished, or one whose heal could not switch back — shouted by the run already). Idempotent.
     */
    public void settle() {
        for (String name : List.copyOf(pending.keySet())) {
            Pending p = pending.remove(name);
            if (p != null) {
                journal.kept(p.entry());
            }
        }
    }

    private static String referencePatch(String reference) {
        return "{\"spec\":{\"configuration\":{\"datastore\":{\"reference\":" + jsonString(reference) + "}}}}";
    }

    private void awaitReported(String name, String patchedVersion, String reference, long deadline, Duration timeout)
            throws InterruptedException {
        while (true) {
            GenericKubernetesResource r = get(name);
            String state = bootstrapState(r);
            boolean later = !Objects.equals(r.getMetadata().getResourceVersion(), patchedVersion);
            if (!reference.equals(reference(r, name))) {
                throw new SwitchException(name + ": datastore.reference changed to '" + reference(r, name)
                        + "' while waiting for '" + reference + "' (someone else edits it)");
            }
            if (later && READY_STATE.equals(state)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new SwitchException(name + ": the tenant engine did not report datastore '" + reference
                        + "' within " + timeout.toSeconds() + " s (bootstrapState " + state
                        + (later ? "" : ", no status written since the patch") + ")");
            }
            Thread.sleep(POLL.toMillis()); // polling the API server; a watch would need RBAC watch rights too
        }
    }

    private io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource> resource(String name) {
        return client.genericKubernetesResources(TENANT_ENGINES).inNamespace(namespace).withName(name);
    }

    private GenericKubernetesResource get(String name) {
        GenericKubernetesResource r = resource(name).get();
        if (r == null) {
            throw new SwitchException("SiteWhereTenantEngine " + namespace + "/" + name + " does not exist");
        }
        return r;
    }

    @SuppressWarnings("unchecked")
    private static String reference(GenericKubernetesResource r, String name) {
        Object spec = r.getAdditionalProperties().get("spec");
        Object configuration = spec instanceof Map<?, ?> s ? s.get("configuration") : null;
        Object datastore = configuration instanceof Map<?, ?> c ? c.get("datastore") : null;
        Object reference = datastore instanceof Map<?, ?> d ? d.get("reference") : null;
        if (!(reference instanceof String text) || text.isBlank()) {
            throw new SwitchException("SiteWhereTenantEngine " + name + " has no spec.configuration.datastore.reference");
        }
        return text;
    }

    private static String bootstrapState(GenericKubernetesResource r) {
        Object status = r.getAdditionalProperties().get("status");
        Object state = status instanceof Map<?, ?> s ? s.get("bootstrapState") : null;
        return state == null ? "none" : state.toString();
    }

    private static String jsonString(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
