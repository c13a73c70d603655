package io.contmig.runner.generate;

import io.contmig.plan.GeneratorsPlan;
import io.contmig.runner.bench.BenchException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Kubernetes executor against fabric8's mock API server in CRUD mode — the stand-in for a cluster, which this
 * machine does not have: the test asserts the Job and Secret the executor creates, then plays the cluster (pods
 * that succeeded, their logs, the Job's status) and checks that the generators' files come back from the pod logs.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesJobGeneratorsTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private static final GeneratorsPlan.KubernetesGenerators SETTINGS = new GeneratorsPlan.KubernetesGenerators(
            "registry.example/contmig-runner:1.0", "load", Map.of("contmig.io/role", "loadgen"), "10.0.0.5", 7070);

    @TempDir
    Path dir;

    private GeneratorExecutor.Launch launch() {
        return new GeneratorExecutor.Launch("2026-12-03T16-00-00Z-gen.A", 2, "10.0.0.5", 7070, "s3cret", dir);
    }

    @Test
    void createsAnIndexedJobWithTheSettingsAndReadsTheResultsFromPodLogs() throws Exception {
        KubernetesJobGenerators executor = new KubernetesJobGenerators(SETTINGS, client);
        executor.launch(launch());
        String name = "contmig-gen-2026-12-03t16-00-00z-gen-a";

        Job job = client.batch().v1().jobs().inNamespace("load").withName(name).get();
        assertThat(job).as("Job load/%s", name).isNotNull();
        assertThat(job.getSpec().getCompletionMode()).isEqualTo("Indexed");
        assertThat(job.getSpec().getCompletions()).isEqualTo(2);
        assertThat(job.getSpec().getParallelism()).isEqualTo(2);
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getNodeSelector()).isEqualTo(Map.of("contmig.io/role", "loadgen"));
        Container c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("registry.example/contmig-runner:1.0");
        assertThat(c.getArgs()).containsExactly("--control", "10.0.0.5:7070");
        // The token comes from a Secret, never from the Job's spec.
        assertThat(c.getEnv()).singleElement().satisfies(e -> {
            assertThat(e.getName()).isEqualTo(GeneratorMain.TOKEN_ENV);
            assertThat(e.getValue()).isNull();
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(name + "-token");
        });
        assertThat(job.toString()).doesNotContain("s3cret");
        assertThat(client.secrets().inNamespace("load").withName(name + "-token").get().getStringData())
                .containsEntry("token", "s3cret");

        // The cluster: two pods succeeded, each printed its files; the Job completed.
        for (int g = 0; g < 2; g++) {
            Pod p = new PodBuilder().withNewMetadata().withName(name + "-" + g + "-x").withNamespace("load")
                    .addToLabels("job-name", name)
                    .addToAnnotations(KubernetesJobGenerators.INDEX_ANNOTATION, Integer.toString(g)).endMetadata()
                    .withNewStatus().withPhase("Succeeded").endStatus().build();
            client.pods().inNamespace("load").resource(p).create();
            server.expect().get().withPath("/api/v1/namespaces/load/pods/" + name + "-" + g + "-x/log?pretty=false")
                    .andReturn(200, podLog(g)).always();
        }
        job.setStatus(new JobStatusBuilder().withSucceeded(2).build());
        client.batch().v1().jobs().inNamespace("load").resource(job).updateStatus();

        executor.await(Duration.ofSeconds(30));

        for (int g = 0; g < 2; g++) {
            assertThat(Files.readString(dir.resolve(g + "/latency.hlog"))).isEqualTo("hlog of " + g);
            assertThat(Files.readString(dir.resolve(g + "/acks.tsv"))).isEqualTo("acme\tacme-dev-00000" + g + "\tid\t1-9\n");
            assertThat(dir.resolve(g + "/summary.json")).isNotEmptyFile();
            assertThat(Files.readString(dir.resolve(g + "/console.log"))).contains("Gatling says hello " + g);
        }
        executor.close();
        assertThat(client.batch().v1().jobs().inNamespace("load").withName(name).get()).isNull();
        assertThat(client.secrets().inNamespace("load").withName(name + "-token").get()).isNull();
    }

    @Test
    void aFailedPodFailsTheWaitWithWhereToLook() throws Exception {
        KubernetesJobGenerators executor = new KubernetesJobGenerators(SETTINGS, client);
        executor.launch(new GeneratorExecutor.Launch("run-b", 2, "10.0.0.5", 7070, "t", dir));
        Job job = client.batch().v1().jobs().inNamespace("load").withName("contmig-gen-run-b").get();
        job.setStatus(new JobStatusBuilder().withFailed(1).build());
        client.batch().v1().jobs().inNamespace("load").resource(job).updateStatus();

        assertThatThrownBy(() -> executor.await(Duration.ofSeconds(30))).isInstanceOf(BenchException.class)
                .hasMessageContaining("1 generator pod(s) failed (kubectl logs -n load job/contmig-gen-run-b)");
        executor.close();
    }

    /** What a generator prints: other output and its framed files. */
    private String podLog(int g) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            out.println("Gatling says hello " + g);
            for (Map.Entry<String, String> f : Map.of("latency.hlog", "hlog of " + g,
                    "acks.tsv", "acme\tacme-dev-00000" + g + "\tid\t1-9\n", "summary.json", "{}").entrySet()) {
                Path file = Files.createTempFile(dir, "f", "");
                Files.writeString(file, f.getValue());
                FramedFiles.write(out, f.getKey(), file);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jobNamesAreDnsLabels() {
        assertThat(KubernetesJobGenerators.jobName("2026-12-03T16-00-00Z-" + "x".repeat(80)))
                .hasSizeLessThanOrEqualTo(63).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
        assertThat(List.of(KubernetesJobGenerators.jobName("A_b"))).containsExactly("contmig-gen-a-b");
    }
}
