package io.contmig.inject.placement;

import io.contmig.inject.Injector;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.InjectorFactory;
import io.contmig.options.OptionKey;
import io.contmig.options.OptionSpec;
import io.contmig.options.OptionValues;
import io.contmig.options.PhaseSpec;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.time.Duration;
import java.util.List;

/**
 * Makes {@link KubernetesNodeAffinityPlacement}s ({@code placement/kubernetes}). Stateless. Without
 * {@code masterUrl} the client configures itself as {@code kubectl} would (kubeconfig, in-cluster service account).
 */
public final class KubernetesNodeAffinityPlacementFactory implements InjectorFactory {

    static final OptionKey<String> MASTER_URL = OptionKey.string("masterUrl").defaultValue("")
            .doc("API server URL; empty = kubeconfig or in-cluster configuration.");
    static final OptionKey<String> NAMESPACE = OptionKey.string("namespace").defaultValue("default")
            .matching("[a-z0-9]([-a-z0-9]*[a-z0-9])?").doc("Namespace of the workload.");
    static final OptionKey<String> KIND = OptionKey.oneOf("kind", "Deployment", "StatefulSet").defaultValue("Deployment")
            .doc("Kind of the workload to move.");
    static final OptionKey<String> NAME = OptionKey.string("name").matching("[a-z0-9]([-.a-z0-9]*[a-z0-9])?")
            .doc("Name of the workload to move.");
    static final OptionKey<String> NODE_SELECTOR_KEY = OptionKey.string("nodeSelectorKey").defaultValue("contmig.io/site")
            .matching("[A-Za-z0-9./_-]+").doc("Node label that tells the sites apart.");
    static final OptionKey<String> NODE_SELECTOR_VALUE = OptionKey.string("nodeSelectorValue").defaultValue("")
            .matching("[A-Za-z0-9._-]*").doc("Label value of the target site's nodes; empty = the injection's 'to' site.");
    static final OptionKey<String> PLACE_BY = OptionKey.oneOf("placeBy", "nodeSelector", "nodeAffinity")
            .defaultValue("nodeSelector").doc("Pin pods with a nodeSelector entry or a required node affinity.");
    static final OptionKey<Duration> TIMEOUT = OptionKey.duration("timeout").defaultValue(Duration.ofMinutes(5))
            .min(Duration.ofMillis(1)).doc("Deadline of the rollout.");

    @Override
    public String alias() {
        return "placement/kubernetes";
    }

    @Override
    public List<PhaseSpec> phases() {
        return List.of(
                PhaseSpec.of("patch", "JSON-merge-patches the workload's nodeSelector or node affinity."),
                PhaseSpec.of("rollout", "Waits until the rollout of the patched workload is complete."));
    }

    @Override
    public List<OptionSpec> options() {
        return OptionKey.specs(MASTER_URL, NAMESPACE, KIND, NAME, NODE_SELECTOR_KEY, NODE_SELECTOR_VALUE, PLACE_BY,
                TIMEOUT);
    }

    @Override
    public Injector create(InjectionSpec spec, OptionValues o) {
        String value = o.get(NODE_SELECTOR_VALUE).isEmpty() ? spec.to() : o.get(NODE_SELECTOR_VALUE);
        var target = new KubernetesNodeAffinityPlacement.Target(o.get(NAMESPACE), o.get(KIND), o.get(NAME),
                o.get(NODE_SELECTOR_KEY), value,
                o.get(PLACE_BY).equals("nodeAffinity") ? KubernetesNodeAffinityPlacement.PlaceBy.NODE_AFFINITY
                        : KubernetesNodeAffinityPlacement.PlaceBy.NODE_SELECTOR,
                o.get(TIMEOUT));
        String masterUrl = o.get(MASTER_URL);
        return new KubernetesNodeAffinityPlacement(spec, target, () -> {
            Config config = masterUrl.isEmpty() ? Config.autoConfigure(null)
                    : new ConfigBuilder(Config.autoConfigure(null)).withMasterUrl(masterUrl).build();
            return new KubernetesClientBuilder().withConfig(config).build();
        });
    }
}
