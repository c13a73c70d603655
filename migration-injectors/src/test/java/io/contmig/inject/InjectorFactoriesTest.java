package io.contmig.inject;

import io.contmig.options.InjectorDescription;
import io.contmig.options.OptionValues;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry's descriptions are consistent with what its factories make. */
class InjectorFactoriesTest {

    @Test
    void everyFactoryDeclaresPhasesAndItsKindMatchesTheInjectorItMakes() {
        InjectorFactories installed = InjectorFactories.installed();
        assertThat(installed.aliases()).contains("postgresql/stop-and-copy", "postgresql/logical-replication",
                "kafka/mirrormaker2", "kafka/partition-reassignment", "influxdb/copy-catchup",
                "influxdb/backup-restore", "placement/kubernetes", "placement/sandbox-site");
        for (InjectorFactory factory : installed.all()) {
            InjectorDescription d = factory.description();
            assertThat(d.phases()).as(d.alias()).isNotEmpty();
            List<String> problems = new ArrayList<>();
            // Kubernetes needs the workload's name; every other option has a default.
            Map<String, String> raw = d.options().stream().anyMatch(o -> o.required()) ? Map.of("name", "stage") : Map.of();
            OptionValues options = OptionValues.validate(d.alias(), raw, d.options(), problems);
            assertThat(problems).as(d.alias()).isEmpty();
            Injector injector = factory.create(new InjectionSpec("x", d.alias(), "acme", "cloud", "edge"), options);
            if (d.kind().equals(InjectorDescription.PLACEMENT)) {
                assertThat(injector).as(d.alias()).isInstanceOf(PlacementChange.class);
            } else {
                assertThat(injector).as(d.alias()).isInstanceOf(Migration.class);
            }
        }
    }
}
