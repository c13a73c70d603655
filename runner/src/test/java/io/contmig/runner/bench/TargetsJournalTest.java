package io.contmig.runner.bench;

import io.contmig.servers.SideEffectJournal;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start's reconciliation of the side-effect journal ({@link Targets#reconcileJournal}) for Kubernetes patches a
 * killed run left, against fabric8's mock API server in CRUD mode: the patched resource is put back, the record closed;
 * an API server that cannot be reached leaves the record for the next start, with one line saying so.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class TargetsJournalTest {

    static KubernetesClient client;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream consoleBytes = new ByteArrayOutputStream();
    private final PrintStream console = new PrintStream(consoleBytes, true, StandardCharsets.UTF_8);

    /** The record a runner killed after patching {@code stage}'s nodeSelector to the edge leaves. */
    private SideEffectJournal killedRunPatched(String masterUrl) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path file = dir.resolve("journal.jsonl");
        String restore = "{\"group\":\"apps\",\"version\":\"v1\",\"plural\":\"deployments\",\"kind\":\"Deployment\","
                + "\"namespace\":\"default\",\"name\":\"stage\",\"patch\":"
                + "\"{\\\"spec\\\":{\\\"template\\\":{\\\"spec\\\":{\\\"nodeSelector\\\":{\\\"site\\\":\\\"cloud\\\"}}}}}\"}";
        Files.writeString(file, "{\"op\":\"intend\",\"id\":\"p1\",\"kind\":\"kubernetes.patch\",\"where\":\"" + masterUrl
                + "\",\"name\":\"deployments/default/stage\",\"owner\":\"place-acme\",\"ownerPid\":" + gone.pid()
                + ",\"at\":\"2026-01-01T00:00:00Z\",\"restore\":" + new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(restore) + "}\n");
        return new SideEffectJournal(file);
    }

    @Test
    void aPatchOfAKilledRunIsRestoredAtTheNextStart() throws Exception {
        Deployment stage = new DeploymentBuilder().withNewMetadata().withName("stage").withNamespace("default")
                .endMetadata().withNewSpec().withNewTemplate().withNewSpec().addToNodeSelector("site", "edge")
                .addToNodeSelector("disk", "ssd").addNewContainer().withName("c").withImage("i").endContainer()
                .endSpec().endTemplate().endSpec().build();
        client.apps().deployments().inNamespace("default").resource(stage).create();
        SideEffectJournal journal = killedRunPatched(client.getMasterUrl().toString());

        Targets.reconcileJournal(journal, console);

        assertThat(client.apps().deployments().inNamespace("default").withName("stage").get().getSpec().getTemplate()
                .getSpec().getNodeSelector()).containsEntry("site", "cloud").containsEntry("disk", "ssd");
        assertThat(journal.outstanding()).isEmpty();
        assertThat(consoleBytes.toString(StandardCharsets.UTF_8))
                .contains("journal: restored deployments/default/stage at " + client.getMasterUrl());
    }

    @Test
    void anUnreachableApiServerLeavesTheRecordForTheNextStart() throws Exception {
        SideEffectJournal journal = killedRunPatched("http://127.0.0.1:9/");

        Targets.reconcileJournal(journal, console);

        assertThat(journal.outstanding()).hasSize(1);
        assertThat(consoleBytes.toString(StandardCharsets.UTF_8))
                .contains("journal: cannot restore deployments/default/stage at http://127.0.0.1:9/")
                .contains("tried again at the next start");
    }
}
