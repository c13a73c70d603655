package io.contmig.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.contmig.options.InjectorCatalog;
import io.contmig.options.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a YAML scenario plus {@code contmig.*} overrides into a validated {@link BenchPlan}, applying every
 * {@link Defaults} value the scenario leaves unset. Every scenario key and the override syntax are documented in
 * the {@link io.contmig.plan package} documentation; {@code default-scenario.yaml} is a complete example.
 *
 * <p>Validation collects <em>every</em> problem, each prefixed with the path of the offending value, and throws
 * one {@link PlanException} listing them all; nothing is started or written. Checked: unknown keys (listing the
 * known ones), value types, negative durations and rates, mix shares summing to 1, tenant and injection names,
 * unknown sites, tenants, stores, strategies and placement kinds (listing the known ones), injector options
 * against their {@link OptionSpec}s — stores, strategies, kinds and options are exactly what the
 * {@link InjectorCatalog} given by the caller says, nothing is hard-coded here — an injection's {@code from}/{@code to}
 * against where the tenant's moved part is at that time (following earlier injections), {@code at} within the
 * duration, unique names, gate scopes and (when the gate parser is available) gate syntax.
 *
 * <p>Immutable and thread-safe; {@link #resolve} has no side effects.
 *
 * <p>The work is split by scenario section: {@link OverridePaths} applies the overrides, then
 * {@link ScenarioReader} hands each section to its reader ({@link TargetReader}, {@link TenantsReader},
 * {@link LoadReader}, {@link InjectionsReader}, {@link WindowsReader}, {@link GatesReader}).
 */
public final class PlanResolver {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Defaults defaults;
    private final InjectorCatalog injectors;
    private final GateSyntax gateSyntax;

    /**
     * @param defaults   the defaults to apply
     * @param injectors  the installed injectors (alias, phases, options), gathered by the caller from its registry
     * @param gateSyntax checks gate expressions
     */
    public PlanResolver(Defaults defaults, InjectorCatalog injectors, GateSyntax gateSyntax) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.injectors = Objects.requireNonNull(injectors, "injectors");
        this.gateSyntax = Objects.requireNonNull(gateSyntax, "gateSyntax");
    }

    /**
     * A resolver whose injectors are only known by their options: injector alias
     * ({@code postgresql/logical-replication}, {@code placement/kubernetes}, ...) → the option specs its factory
     * declares.
     */
    public PlanResolver(Defaults defaults, Map<String, List<OptionSpec>> injectors, GateSyntax gateSyntax) {
        this(defaults, InjectorCatalog.ofOptions(injectors), gateSyntax);
    }

    /** A resolver with {@link Defaults#STANDARD} and the gate parser found on the classpath. */
    public static PlanResolver standard(InjectorCatalog injectors) {
        return new PlanResolver(Defaults.STANDARD, injectors, GateSyntax.fromClasspath());
    }

    /** As {@link #standard(InjectorCatalog)}, with injectors known only by their options. */
    public static PlanResolver standard(Map<String, List<OptionSpec>> injectors) {
        return standard(InjectorCatalog.ofOptions(injectors));
    }

    /**
     * Resolves {@code source} with {@code overrides} applied.
     *
     * @throws PlanException listing every problem found
     */
    public BenchPlan resolve(ScenarioSource source, Overrides overrides) throws PlanException {
        List<String> problems = new ArrayList<>();
        JsonNode root;
        try {
            root = YAML.readTree(source.yaml());
        } catch (JsonProcessingException e) {
            throw new PlanException(List.of(source.origin() + ": not valid YAML: " + oneLine(e.getOriginalMessage())
                    + location(e)));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = JsonNodeFactory.instance.objectNode();
        }
        if (root instanceof ObjectNode object) {
            OverridePaths.applyAll(object, overrides, problems);
        }
        BenchPlan plan = new ScenarioReader(problems, defaults, injectors, gateSyntax).plan(root);
        if (!problems.isEmpty() || plan == null) {
            throw new PlanException(problems.isEmpty() ? List.of("scenario: could not be resolved") : problems);
        }
        return plan;
    }

    /** SnakeYAML's multi-line message without its source excerpts ("in 'reader', line..", the line, a caret). */
    private static String oneLine(String message) {
        List<String> kept = new ArrayList<>();
        List<String> lines = message == null ? List.of() : message.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.startsWith("in 'reader'")) {
                i += 2;
            } else if (!line.isEmpty()) {
                kept.add(line);
            }
        }
        return String.join(", ", kept);
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
