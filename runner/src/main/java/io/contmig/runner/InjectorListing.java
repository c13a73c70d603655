package io.contmig.runner;

import io.contmig.options.InjectorCatalog;
import io.contmig.options.InjectorDescription;
import io.contmig.options.OptionSpec;
import io.contmig.options.PhaseSpec;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The text of {@code mvn contmig:plan -Dcontmig.list=injectors}: every injector of the registry with its kind,
 * its phases in order and its options (name, type, default, doc), generated from the factories' own declarations
 * so it cannot drift from what the plan accepts. Stateless.
 */
final class InjectorListing {

    /** What {@code contmig.list} may name. */
    static final List<String> LISTS = List.of("injectors");

    private InjectorListing() {
    }

    static String render(InjectorCatalog catalog) {
        String nl = System.lineSeparator();
        StringBuilder s = new StringBuilder("Injectors (").append(catalog.aliases().size())
                .append(", from the injector registry). A scenario names a migration by store and strategy")
                .append(" (alias <store>/<strategy>), a placement by kind (alias placement/<kind>).").append(nl);
        for (InjectorDescription d : catalog.all()) {
            s.append(nl).append(d.alias()).append("  [").append(d.kind()).append(": ")
                    .append(d.kind().equals(InjectorDescription.MIGRATION)
                            ? "store " + d.group() + ", strategy " + d.mechanism()
                            : "kind " + d.mechanism()).append(']').append(nl);
            s.append("  phases:").append(d.phases().isEmpty() ? " (none declared)" : "").append(nl);
            int width = d.phases().stream().mapToInt(p -> p.name().length()).max().orElse(0);
            for (PhaseSpec p : d.phases()) {
                s.append("    ").append(pad(p.name(), width)).append("  ").append(p.doc()).append(nl);
            }
            s.append("  options:").append(d.options().isEmpty() ? " (none)" : "").append(nl);
            for (OptionSpec o : d.options()) {
                s.append("    ").append(o.name()).append(" (").append(type(o)).append(", ").append(dflt(o))
                        .append(')').append(o.doc().isEmpty() ? "" : ": " + o.doc()).append(nl);
            }
        }
        return s.toString();
    }

    private static String type(OptionSpec o) {
        return o.type() == OptionSpec.Type.ENUM ? "one of " + String.join("|", o.choices())
                : o.type().name().toLowerCase(Locale.ROOT);
    }

    private static String dflt(OptionSpec o) {
        if (o.required()) {
            return "required";
        }
        Object v = o.defaultValue().get();
        String text = v instanceof Duration d ? duration(d) : String.valueOf(v);
        return "default " + (text.isEmpty() ? "\"\"" : text);
    }

    /** In the scenario's own syntax: {@code 10m}, {@code 30s}, {@code 500ms}. */
    private static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms != 0 && ms % 1_000 == 0 ? ms / 1_000 + "s" : ms + "ms";
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
