package io.contmig.options;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The installed injectors as the plan sees them: the only source of the stores, strategies, placement and fault
 * kinds a scenario may name. Built by the runner from the injector registry (a {@code ServiceLoader}), by tests
 * from literals. Immutable and thread-safe; keeps the order it was given (error messages and listings use it).
 */
public final class InjectorCatalog {

    /** No injector at all: every injection is refused. */
    public static final InjectorCatalog EMPTY = new InjectorCatalog(List.of());

    private final Map<String, InjectorDescription> byAlias;

    private InjectorCatalog(List<InjectorDescription> injectors) {
        Map<String, InjectorDescription> map = new LinkedHashMap<>();
        for (InjectorDescription d : injectors) {
            if (map.put(d.alias(), d) != null) {
                throw new IllegalArgumentException("two injectors with alias '" + d.alias() + "'");
            }
        }
        this.byAlias = map;
    }

    public static InjectorCatalog of(List<InjectorDescription> injectors) {
        return new InjectorCatalog(injectors);
    }

    /** Alias → option specs, without phases (for callers that only validate options). */
    public static InjectorCatalog ofOptions(Map<String, List<OptionSpec>> options) {
        List<InjectorDescription> list = new ArrayList<>();
        options.forEach((alias, specs) -> list.add(new InjectorDescription(alias, List.of(), specs)));
        return new InjectorCatalog(list);
    }

    public List<InjectorDescription> all() {
        return List.copyOf(byAlias.values());
    }

    public List<String> aliases() {
        return List.copyOf(byAlias.keySet());
    }

    public Optional<InjectorDescription> byAlias(String alias) {
        return Optional.ofNullable(byAlias.get(alias));
    }

    /** The alias groups of injectors of {@code kind}: for migrations, the store labels. In catalog order. */
    public List<String> groups(String kind) {
        LinkedHashSet<String> groups = new LinkedHashSet<>();
        byAlias.values().stream().filter(d -> d.kind().equals(kind)).forEach(d -> groups.add(d.group()));
        return List.copyOf(groups);
    }

    /** The mechanisms (strategies, placement kinds) of {@code group}, in catalog order. */
    public List<String> mechanisms(String group) {
        return byAlias.values().stream().filter(d -> d.group().equals(group)).map(InjectorDescription::mechanism)
                .toList();
    }
}
