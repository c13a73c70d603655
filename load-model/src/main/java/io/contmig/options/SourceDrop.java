package io.contmig.options;

import java.util.Map;
import java.util.Optional;

/**
 * The one destructive option of a migration: {@code dropSource: <tenant>} drops the source's copy of the tenant's
 * data (database, topics, InfluxDB database) once the move is verified. It must repeat the injection's tenant name —
 * a deliberate second spelling, so that a copied scenario or a stray {@code true} never deletes data; absent means
 * the source is always kept. Strategies that can drop their source declare {@link #KEY}; the plan checks the name
 * ({@link #check}) and the strategy asks {@link #requested} when it is built. Stateless.
 */
public final class SourceDrop {

    /** The option every strategy that can drop its source declares. */
    public static final OptionKey<String> KEY = OptionKey.string("dropSource").defaultValue("")
            .doc("Repeat the tenant's name to drop the source's copy after a verified move; absent = the source is kept.");

    private SourceDrop() {
    }

    /**
     * The problem with {@code raw}'s {@code dropSource}, if any: a value that is neither empty (the default: keep)
     * nor exactly {@code tenant}.
     *
     * @param optionsPath the scenario path of the options map, e.g. {@code injections[0].migration.options}
     */
    public static Optional<String> check(String optionsPath, Map<String, ?> raw, String tenant) {
        Object given = raw.get(KEY.name());
        // "" is the resolved default (plan.json writes it): the same as absent.
        if (given == null || String.valueOf(given).isBlank() || String.valueOf(given).trim().equals(tenant)) {
            return Optional.empty();
        }
        return Optional.of(optionsPath + "." + KEY.name() + ": '" + String.valueOf(given).trim()
                + "' must repeat the tenant's name '" + tenant + "' to drop the source after the move"
                + " (leave dropSource out to keep the source)");
    }

    /**
     * Whether the source is to be dropped: {@code options}' {@code dropSource} equals {@code tenant}.
     *
     * @throws IllegalArgumentException when it names another tenant (the plan refuses that before anything starts;
     *                                  this guards strategies built without a plan, e.g. in tests)
     */
    public static boolean requested(OptionValues options, String tenant) {
        String value = options.get(KEY);
        if (value.isEmpty()) {
            return false;
        }
        check("options", Map.of(KEY.name(), value), tenant).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        return true;
    }
}
