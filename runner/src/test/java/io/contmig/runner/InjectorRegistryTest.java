package io.contmig.runner;

import io.contmig.inject.InjectorFactories;
import io.contmig.inject.InjectorFactory;
import io.contmig.options.InjectorCatalog;
import io.contmig.options.InjectorDescription;
import io.contmig.plan.BenchPlan;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The injector registry is the only source of truth: a strategy that only the test jar of migration-injectors
 * brings ({@code sample/noop-copy}, with its own services line) is accepted by the plan and shown by the listing,
 * and the README's injector table is exactly the registry's main injectors with their phases.
 */
class InjectorRegistryTest {

    private static final String SAMPLE = "sample/noop-copy";
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9]+/[a-z0-9-]+)` \\| ([^|]*) \\|");
    private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void thePlanAcceptsAStrategyOnlyTheTestJarDeclares() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("contmig.injections[0].migration",
                "{store: sample, strategy: noop-copy, tenant: acme, to: edge, options: {items: 4}}");

        BenchPlan plan = new Commands(Arguments.parse(List.of("plan")), properties, out).resolvePlan();

        assertThat(plan.injections().get(0).action().alias()).isEqualTo(SAMPLE);
        assertThat(plan.injections().get(0).action().options().integer("items")).isEqualTo(4);
    }

    @Test
    void theSampleStrategysOptionsAreValidatedFromItsDeclaration() {
        Properties properties = new Properties();
        properties.setProperty("contmig.injections[0].migration",
                "{store: sample, strategy: noop-cpy, tenant: acme, to: edge, options: {items: 0}}");
        assertThatThrownBy(() -> new Commands(Arguments.parse(List.of("plan")), properties, out).resolvePlan())
                .hasMessageContaining("injections[0].migration.strategy: unknown 'noop-cpy' (expected one of: noop-copy)");

        properties.setProperty("contmig.injections[0].migration",
                "{store: sample, strategy: noop-copy, tenant: acme, to: edge, options: {items: 0}}");
        assertThatThrownBy(() -> new Commands(Arguments.parse(List.of("plan")), properties, out).resolvePlan())
                .hasMessageContaining("injections[0].migration.options.items: 0 must be >= 1");
    }

    @Test
    void theListingShowsEveryInjectorWithItsKindPhasesAndOptions() throws Exception {
        Properties properties = new Properties();
        properties.setProperty("contmig.list", "injectors");

        ExitCode code = new Commands(Arguments.parse(List.of("plan")), properties, out).plan();

        String listing = printed.toString(StandardCharsets.UTF_8);
        assertThat(code).isEqualTo(ExitCode.OK);
        for (InjectorDescription d : InjectorFactories.installed().catalog().all()) {
            assertThat(listing).contains(d.alias() + "  [" + d.kind());
            d.phases().forEach(p -> assertThat(listing)
                    .containsPattern("    " + Pattern.quote(p.name()) + " +" + Pattern.quote(p.doc())));
            d.options().forEach(o -> assertThat(listing).contains("    " + o.name() + " ("));
        }
        assertThat(listing).contains("sample/noop-copy  [migration: store sample, strategy noop-copy]",
                "    items (int, default 3): How many items the copy writes into the injection's work directory.",
                "lagThreshold (duration, default 500ms)", "precision (one of ns|ms, default ns)",
                "name (string, required)");
    }

    @Test
    void anUnknownListIsInvalidInput() throws Exception {
        Commands commands = new Commands(Arguments.parse(List.of("plan", "--list", "stores")), new Properties(), out);
        assertThatThrownBy(commands::plan).isInstanceOf(ContmigException.class)
                .hasMessage("contmig.list: unknown 'stores' (expected one of: injectors)");
    }

    @Test
    void theReadmeInjectorTableIsTheRegistry() throws IOException {
        Map<String, List<String>> table = readmeTable(Files.readString(Path.of("..", "README.md")));
        InjectorCatalog catalog = InjectorFactories.installed().catalog();
        Map<String, List<String>> registry = new LinkedHashMap<>();
        for (InjectorFactory f : InjectorFactories.installed().all()) {
            // Test-only strategies are on this class path but are not contmig's.
            if (!f.getClass().getPackageName().equals("io.contmig.inject.sample")) {
                registry.put(f.alias(), catalog.byAlias(f.alias()).orElseThrow().phaseNames());
            }
        }
        assertThat(table).isEqualTo(registry);
    }

    /** Alias → the backticked phase names of the second column of the table under "Injectors (". */
    private static Map<String, List<String>> readmeTable(String readme) {
        int section = readme.indexOf("\nInjectors (");
        assertThat(section).as("README section 'Injectors (...)'").isPositive();
        Map<String, List<String>> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : readme.substring(section + 1).lines().toList()) {
            if (line.startsWith("|")) {
                inTable = true;
                Matcher row = ROW.matcher(line);
                if (row.find()) {
                    List<String> phases = new ArrayList<>();
                    Matcher phase = BACKTICKED.matcher(row.group(2));
                    while (phase.find()) {
                        phases.add(phase.group(1));
                    }
                    rows.put(row.group(1), phases);
                }
            } else if (inTable) {
                break;
            }
        }
        return rows;
    }
}
