package io.contmig.inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.servers.SideEffectJournal;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.Function;

/**
 * Kubernetes patches in the {@link SideEffectJournal}: before contmig JSON-merge-patches a resource it records a
 * {@link SideEffectJournal#KUBERNETES_PATCH} whose {@code where} is the API server's URL, {@code name}
 * {@code <plural>/<namespace>/<name>} and {@code restore} the resource's coordinates with the merge patch that puts
 * back what the patch changes — after a crash, nothing else remembers the old value. The patcher closes the record
 * ({@link SideEffectJournal#removed} once it restored the old value, {@link SideEffectJournal#kept} when the change is
 * the run's outcome); {@link #restoreOrphaned} applies the restore patch of a record a killed run left.
 *
 * <p>Stateless and thread-safe; the journal is.
 */
public final class KubernetesPatchRecords {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KubernetesPatchRecords() {
    }

    /**
     * Records, before it is made, a patch of {@code namespace/name} of {@code type} on {@code client}'s API server,
     * undone by the JSON merge patch {@code restorePatch}. Throws when the journal cannot record it (then do not patch).
     */
    public static SideEffectJournal.Entry intend(SideEffectJournal journal, KubernetesClient client,
                                                 ResourceDefinitionContext type, String namespace, String name,
                                                 String restorePatch, String owner) {
        ObjectNode restore = JSON.createObjectNode().put("group", type.getGroup()).put("version", type.getVersion())
                .put("plural", type.getPlural()).put("kind", type.getKind()).put("namespace", namespace)
                .put("name", name).put("patch", restorePatch);
        return journal.intend(SideEffectJournal.KUBERNETES_PATCH, client.getMasterUrl().toString(),
                type.getPlural() + "/" + namespace + "/" + name, owner, restore.toString());
    }

    /**
     * A new client of the API server at {@code masterUrl}, with the credentials of the usual configuration; it tries
     * once (no retry backoff, 5 s to connect): a start must not wait on an API server that is gone.
     */
    public static KubernetesClient clientOf(String masterUrl) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.autoConfigure(null))
                .withMasterUrl(masterUrl).withRequestRetryBackoffLimit(0).withConnectionTimeout(5_000).build())
                .build();
    }

    /**
     * Applies the restore patch of {@code entry} (a {@link SideEffectJournal#KUBERNETES_PATCH} record of a killed run)
     * through a new client {@code clients.apply(entry.where())} (closed here; {@link #clientOf} for real), then marks the record removed. A resource that no
     * longer exists has nothing to restore: the record is closed too. Throws when the API server refuses or cannot
     * be reached; the record then stays for the next start.
     */
    public static void restoreOrphaned(SideEffectJournal journal, SideEffectJournal.Entry entry,
                                       Function<String, KubernetesClient> clients) {
        JsonNode restore;
        try {
            restore = JSON.readTree(entry.restore());
        } catch (IOException e) {
            throw new UncheckedIOException("journal record " + entry.id() + ": unreadable restore patch", e);
        }
        if (restore == null || !restore.path("patch").isTextual()) {
            throw new IllegalArgumentException("journal record " + entry.id() + " (" + entry.name()
                    + ") has no restore patch");
        }
        ResourceDefinitionContext type = new ResourceDefinitionContext.Builder()
                .withGroup(restore.path("group").asText()).withVersion(restore.path("version").asText())
                .withPlural(restore.path("plural").asText()).withKind(restore.path("kind").asText())
                .withNamespaced(true).build();
        try (KubernetesClient client = Objects.requireNonNull(clients.apply(entry.where()), "client")) {
            var resource = client.genericKubernetesResources(type).inNamespace(restore.path("namespace").asText())
                    .withName(restore.path("name").asText());
            GenericKubernetesResource current = resource.get();
            if (current != null) {
                resource.patch(PatchContext.of(PatchType.JSON_MERGE), restore.path("patch").asText());
            }
        }
        journal.removed(entry);
    }
}
