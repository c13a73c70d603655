package io.contmig.options;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What an installed injector factory says about itself, as plain data the plan and the docs can read without
 * seeing the injector SPI: its alias, the phases it announces (in order) and the options it accepts. Immutable.
 *
 * <p>The alias is {@code <group>/<mechanism>}. The group says the injection kind: {@code placement} makes a
 * placement change, {@code fault} a fault, any other group is a store label and makes a migration of that store
 * (e.g. {@code postgresql/logical-replication}: store {@code postgresql}, strategy {@code logical-replication}).
 *
 * @param alias   {@code <group>/<mechanism>}
 * @param phases  the phases it announces, in order (an injector may skip some)
 * @param options the options it accepts, in declaration order
 */
public record InjectorDescription(String alias, List<PhaseSpec> phases, List<OptionSpec> options) {

    /** Injection kinds, as in {@code injection-started} marks. */
    public static final String MIGRATION = "migration";
    public static final String PLACEMENT = "placement";
    public static final String FAULT = "fault";

    private static final Pattern ALIAS = Pattern.compile("^[a-z0-9]+/[a-z0-9-]+$");

    public InjectorDescription {
        Objects.requireNonNull(alias, "alias");
        if (!ALIAS.matcher(alias).matches()) {
            throw new IllegalArgumentException("injector alias '" + alias + "' must match " + ALIAS.pattern());
        }
        phases = List.copyOf(phases);
        options = List.copyOf(options);
    }

    /** The part before the slash: a store label, {@code placement} or {@code fault}. */
    public String group() {
        return alias.substring(0, alias.indexOf('/'));
    }

    /** The part after the slash: a strategy, a placement kind or a fault kind. */
    public String mechanism() {
        return alias.substring(alias.indexOf('/') + 1);
    }

    /** {@link #MIGRATION}, {@link #PLACEMENT} or {@link #FAULT}, derived from the {@link #group()}. */
    public String kind() {
        return kindOf(group());
    }

    /** The injection kind of an alias group. */
    public static String kindOf(String group) {
        return switch (group) {
            case PLACEMENT -> PLACEMENT;
            case FAULT -> FAULT;
            default -> MIGRATION;
        };
    }

    /** The phase names, in order. */
    public List<String> phaseNames() {
        return phases.stream().map(PhaseSpec::name).toList();
    }
}
