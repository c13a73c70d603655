package io.contmig.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the load is generated ({@code load.generators}): the fleet and the REST load split over {@code count}
 * generator processes that share the run's t=0 and seed. Immutable.
 *
 * <p>{@link #IN_PROCESS} (one {@code local} generator, the default) is the load in the runner's own JVM, as before
 * generators existed; {@code local} with a count of 2 or more forks that many child JVMs on this machine;
 * {@code kubernetes} runs the generators as one indexed Kubernetes Job, whatever the count.
 *
 * @param count      generators, ≥ 1; device {@code i} (counted over the tenants in plan order) and REST request kind
 *                   {@code k} (in plan order) go to generator {@code i mod count} and {@code k mod count}
 * @param executor   how generator processes are started
 * @param kubernetes the Job's settings; present exactly when {@code executor} is {@code kubernetes}
 */
public record GeneratorsPlan(int count, Executor executor, Optional<KubernetesGenerators> kubernetes) {

    /** The default: one generator, in the runner's JVM. */
    public static final GeneratorsPlan IN_PROCESS = new GeneratorsPlan(1, Executor.LOCAL, Optional.empty());

    /** How generator processes are started. */
    public enum Executor {
        /** Child JVMs of the runner on this machine (count 1: the runner's own JVM). */
        LOCAL("local"),
        /** An indexed Kubernetes Job (fabric8), one pod per generator. */
        KUBERNETES("kubernetes");

        private final String label;

        Executor(String label) {
            this.label = label;
        }

        /** The name used in scenarios and {@code plan.json}. */
        public String label() {
            return label;
        }
    }

    /**
     * The Kubernetes Job of the generators. Immutable.
     *
     * @param image        container image holding contmig's runner (its entry point runs {@code java ... Main})
     * @param namespace    where the Job is created (a DNS-1123 label)
     * @param nodeSelector node labels the generator pods must carry; empty for any node
     * @param controlHost  the runner's address as the pods reach it (the control connection: spec, t=0, clock,
     *                     phase boundaries)
     * @param controlPort  the runner's control port; 0 picks a free one (then the cluster must reach any port)
     */
    public record KubernetesGenerators(String image, String namespace, Map<String, String> nodeSelector,
                                       String controlHost, int controlPort) {

        static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

        public KubernetesGenerators {
            Plans.requireText("image", image);
            Objects.requireNonNull(namespace, "namespace");
            if (!DNS_LABEL.matcher(namespace).matches()) {
                throw new IllegalArgumentException("namespace '" + namespace + "' must be a DNS-1123 label");
            }
            nodeSelector = Collections.unmodifiableMap(new LinkedHashMap<>(nodeSelector));
            Plans.requireText("controlHost", controlHost);
            if (controlPort < 0 || controlPort > 65535) {
                throw new IllegalArgumentException("controlPort (" + controlPort + ") must be within [0, 65535]");
            }
        }
    }

    public GeneratorsPlan {
        if (count < 1) {
            throw new IllegalArgumentException("count (" + count + ") must be >= 1");
        }
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(kubernetes, "kubernetes");
        if (kubernetes.isPresent() != (executor == Executor.KUBERNETES)) {
            throw new IllegalArgumentException("kubernetes settings go with executor kubernetes, and only with it");
        }
    }

    /** Whether the load runs in generator processes rather than in the runner's JVM. */
    public boolean forked() {
        return executor == Executor.KUBERNETES || count > 1;
    }

    /** The generator that drives device {@code deviceIndex} (0-based over the plan's tenants in order). */
    public int generatorOfDevice(int deviceIndex) {
        return Math.floorMod(deviceIndex, count);
    }
}
