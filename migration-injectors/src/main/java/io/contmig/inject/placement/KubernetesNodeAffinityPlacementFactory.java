package io.contmig.inject.placement;

import io.contmig.inject.Injector;
import io.contmig.inject.InjectionSpec;
import io.contmig.inject.InjectorFactory;
import io.contmig.options.OptionSpec;
import io.contmig.options.OptionValues;
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

    @Override
    public String alias() {
        return "placement/kubernetes";
    }

    @Override
    public String kind() {
        return "placement";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.string("masterUrl").defaultValue("")
                        .doc("API server URL; empty = kubeconfig or in-cluster configuration."),
                OptionSpec.string("namespace").defaultValue("default").matching("[a-z0-9]([-a-z0-9]*[a-z0-9])?")
                        .doc("Namespace of the workload."),
                OptionSpec.oneOf("kind", "Deployment", "StatefulSet").defaultValue("Deployment")
                        .doc("Kind of the workload to move."),
                OptionSpec.string("name").matching("[a-z0-9]([-.a-z0-9]*[a-z0-9])?")
                        .doc("Name of the workload to move."),
                OptionSpec.string("nodeSelectorKey").defaultValue("contmig.io/site").matching("[A-Za-z0-9./_-]+")
                        .doc("Node label that tells the sites apart."),
                OptionSpec.string("nodeSelectorValue").defaultValue("").matching("[A-Za-z0-9._-]*")
                        .doc("Label value of the target site's nodes; empty = the injection's 'to' site."),
                OptionSpec.oneOf("placeBy", "nodeSelector", "nodeAffinity").defaultValue("nodeSelector")
                        .doc("Pin pods with a nodeSelector entry or a required node affinity."),
                OptionSpec.duration("timeout").defaultValue(Duration.ofMinutes(5)).min(Duration.ofMillis(1))
                        .doc("Deadline of the rollout."));
    }

    @Override
    public Injector create(InjectionSpec spec, OptionValues o) {
        String value = o.string("nodeSelectorValue").isEmpty() ? spec.to() : o.string("nodeSelectorValue");
        var target = new KubernetesNodeAffinityPlacement.Target(o.string("namespace"), o.string("kind"), o.string("name"),
                o.string("nodeSelectorKey"), value,
                o.string("placeBy").equals("nodeAffinity") ? KubernetesNodeAffinityPlacement.PlaceBy.NODE_AFFINITY
                        : KubernetesNodeAffinityPlacement.PlaceBy.NODE_SELECTOR,
                o.duration("timeout"));
        String masterUrl = o.string("masterUrl");
        return new KubernetesNodeAffinityPlacement(spec, target, () -> {
            Config config = masterUrl.isEmpty() ? Config.autoConfigure(null)
                    : new ConfigBuilder(Config.autoConfigure(null)).withMasterUrl(masterUrl).build();
            return new KubernetesClientBuilder().withConfig(config).build();
        });
    }
}
