package io.contmig.plan;

import io.contmig.options.InjectorDescription;
import io.contmig.options.OptionValues;

import java.util.Objects;

/**
 * A live migration of one tenant's data in one store.
 *
 * @param store    a store label of the installed injectors, e.g. {@code postgresql}, {@code kafka}, {@code influxdb}
 * @param strategy the store's mechanism, e.g. {@code logical-replication}
 */
public record PlannedMigration(String store, String strategy, String tenant, String from, String to,
                               OptionValues options) implements InjectionAction {

    public PlannedMigration {
        Plans.requireText("store", store);
        Plans.requireText("strategy", strategy);
        Plans.requireText("tenant", tenant);
        Plans.requireText("from", from);
        Plans.requireText("to", to);
        Objects.requireNonNull(options, "options");
        if (from.equals(to)) {
            throw new IllegalArgumentException("from and to are both '" + to + "'");
        }
    }

    @Override
    public String kindLabel() {
        return InjectorDescription.MIGRATION;
    }

    @Override
    public String alias() {
        return store + "/" + strategy;
    }
}
