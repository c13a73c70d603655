package io.contmig.runner.generate;

import io.contmig.plan.GeneratorsPlan;
import io.contmig.runner.bench.BenchException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Generators as one indexed Kubernetes Job (fabric8): {@code completionMode: Indexed}, completions and parallelism
 * = the count, no retries ({@code backoffLimit: 0}: a retried generator would replay its share), pods with
 * {@code restartPolicy: Never} on nodes matching the plan's {@code nodeSelector}. Each pod's container runs the
 * plan's image, whose entry point must start {@link GeneratorMain}; it gets {@code --control <host:port>} as
 * arguments, its index from {@code JOB_COMPLETION_INDEX} (set by Kubernetes) and the run's control token from a
 * Secret created with the Job (not in the Job's spec). Results come back in the <b>pod logs</b>
 * ({@link FramedFiles} on the generator's standard output), read once the Job has succeeded; no shared volume is
 * needed. The Job and the Secret are deleted on {@link #close()}.
 *
 * <p>Not thread-safe beyond {@link #failure()}; one launch per instance.
 */
public final class KubernetesJobGenerators implements GeneratorExecutor {

    /** The annotation of an indexed Job's pods holding their completion index. */
    static final String INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index";
    private static final Duration POLL = Duration.ofSeconds(1);

    private final GeneratorsPlan.KubernetesGenerators settings;
    private final KubernetesClient client;
    private final boolean ownsClient;
    private String name;
    private int count;
    private Path directory;
    private long lastCheckNanos;
    private volatile Optional<String> failure = Optional.empty();

    /** Uses the client configured from the environment (kubeconfig, in-cluster service account). */
    public KubernetesJobGenerators(GeneratorsPlan.KubernetesGenerators settings) {
        this(settings, new KubernetesClientBuilder().build(), true);
    }

    /** Uses {@code client}, which stays open after {@link #close()} (the caller's). */
    public KubernetesJobGenerators(GeneratorsPlan.KubernetesGenerators settings, KubernetesClient client) {
        this(settings, client, false);
    }

    private KubernetesJobGenerators(GeneratorsPlan.KubernetesGenerators settings, KubernetesClient client,
                                    boolean ownsClient) {
        this.settings = settings;
        this.client = client;
        this.ownsClient = ownsClient;
    }

    /** A Job name from a run id: DNS-1123, at most 63 characters. */
    static String jobName(String runId) {
        String s = ("contmig-gen-" + runId.toLowerCase(Locale.ROOT)).replaceAll("[^a-z0-9-]", "-");
        s = s.length() > 63 ? s.substring(0, 63) : s;
        return s.replaceAll("-+$", "");
    }

    @Override
    public void launch(Launch launch) throws BenchException {
        this.name = jobName(launch.runId());
        this.count = launch.count();
        this.directory = launch.directory();
        Map<String, String> labels = Map.of("app.kubernetes.io/name", "contmig-generator",
                "app.kubernetes.io/instance", name);
        Secret secret = new SecretBuilder().withNewMetadata().withName(name + "-token").withLabels(labels).endMetadata()
                .withType("Opaque").addToStringData("token", launch.token()).build();
        Job job = new JobBuilder()
                .withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec()
                .withCompletionMode("Indexed").withCompletions(count).withParallelism(count).withBackoffLimit(0)
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withNodeSelector(settings.nodeSelector())
                .addNewContainer()
                .withName("generator").withImage(settings.image())
                .withArgs("--control", launch.controlHost() + ":" + launch.controlPort())
                .addNewEnv().withName(GeneratorMain.TOKEN_ENV).withNewValueFrom().withNewSecretKeyRef()
                .withName(name + "-token").withKey("token").endSecretKeyRef().endValueFrom().endEnv()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        try {
            client.secrets().inNamespace(settings.namespace()).resource(secret).create();
            client.batch().v1().jobs().inNamespace(settings.namespace()).resource(job).create();
        } catch (KubernetesClientException e) {
            throw new BenchException("load.generators.kubernetes: cannot create Job " + settings.namespace() + "/"
                    + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> failure() {
        if (name == null || System.nanoTime() - lastCheckNanos < 2 * POLL.toNanos()) {
            return failure;
        }
        lastCheckNanos = System.nanoTime();
        try {
            status().ifPresent(s -> {
                if (s.getFailed() != null && s.getFailed() > 0) {
                    failure = Optional.of("Job " + settings.namespace() + "/" + name + ": " + s.getFailed()
                            + " generator pod(s) failed (kubectl logs -n " + settings.namespace() + " job/" + name + ")");
                }
            });
        } catch (KubernetesClientException e) {
            // A passing API hiccup: asked again at the next check.
        }
        return failure;
    }

    private Optional<JobStatus> status() {
        Job job = client.batch().v1().jobs().inNamespace(settings.namespace()).withName(name).get();
        return Optional.ofNullable(job).map(Job::getStatus);
    }

    @Override
    public void await(Duration timeout) throws BenchException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<JobStatus> s = status();
            int succeeded = s.map(JobStatus::getSucceeded).orElse(0);
            if (succeeded >= count) {
                break;
            }
            lastCheckNanos = 0;
            Optional<String> failed = failure();
            if (failed.isPresent()) {
                throw new BenchException(failed.get());
            }
            if (System.nanoTime() > deadline) {
                throw new BenchException("Job " + settings.namespace() + "/" + name + ": " + succeeded + " of " + count
                        + " generators succeeded within " + timeout.toSeconds() + " s");
            }
            // Polling the Job's status: a watch would need more RBAC than get/list on Jobs, for no gain at 1 s.
            Thread.sleep(POLL.toMillis());
        }
        collectLogs();
    }

    /** Each pod's log, un-framed into {@code <directory>/<completion index>/}. */
    private void collectLogs() throws BenchException {
        List<Pod> pods = client.pods().inNamespace(settings.namespace()).withLabel("job-name", name).list().getItems();
        for (Pod pod : pods) {
            String index = pod.getMetadata().getAnnotations() == null ? null
                    : pod.getMetadata().getAnnotations().get(INDEX_ANNOTATION);
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (index == null || !"Succeeded".equals(phase)) {
                continue;
            }
            Path dir = directory.resolve(index);
            try {
                Files.createDirectories(dir);
                // The pod has ended (Succeeded): nothing to wait for before reading its log.
                String log = client.pods().inNamespace(settings.namespace()).withName(pod.getMetadata().getName())
                        .withLogWaitTimeout(0).getLog();
                try (Writer console = Files.newBufferedWriter(dir.resolve("console.log"), StandardCharsets.UTF_8)) {
                    new FramedFiles.Reader(dir, console).readAll(new BufferedReader(new StringReader(log)));
                }
            } catch (IOException | KubernetesClientException e) {
                throw new BenchException("generator " + index + " (pod " + pod.getMetadata().getName()
                        + "): cannot read its log: " + e.getMessage(), e);
            }
        }
        for (int g = 0; g < count; g++) {
            for (String file : List.of("latency.hlog", "acks.tsv", "summary.json")) {
                if (!Files.exists(directory.resolve(Integer.toString(g)).resolve(file))) {
                    throw new BenchException("generator " + g + ": no " + file + " in its pod's log (Job "
                            + settings.namespace() + "/" + name + ")");
                }
            }
        }
    }

    @Override
    public void close() {
        if (name == null) {
            closeClient();
            return;
        }
        try {
            client.batch().v1().jobs().inNamespace(settings.namespace()).withName(name)
                    .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
            client.secrets().inNamespace(settings.namespace()).withName(name + "-token").delete();
        } catch (KubernetesClientException e) {
            System.getLogger(KubernetesJobGenerators.class.getName()).log(System.Logger.Level.WARNING,
                    "could not delete Job {0}/{1}: {2}", settings.namespace(), name, e.getMessage());
        } finally {
            closeClient();
        }
    }

    private void closeClient() {
        if (ownsClient) {
            client.close();
        }
    }
}
