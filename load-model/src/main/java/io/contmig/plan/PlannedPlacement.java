package io.contmig.plan;

import io.contmig.options.InjectorDescription;
import io.contmig.options.OptionValues;

import java.util.Objects;

/**
 * A placement change: the tenant's pipeline stage moves to another site.
 *
 * @param kind a placement kind of the installed injectors, e.g. {@code kubernetes} or {@code sandbox-site}
 */
public record PlannedPlacement(String kind, String tenant, String from, String to, OptionValues options)
        implements InjectionAction {

    public PlannedPlacement {
        Plans.requireText("kind", kind);
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
        return InjectorDescription.PLACEMENT;
    }

    @Override
    public String alias() {
        return InjectorDescription.PLACEMENT + "/" + kind;
    }
}
