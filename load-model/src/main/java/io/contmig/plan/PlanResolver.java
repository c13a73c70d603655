package io.contmig.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.contmig.options.OptionSpec;
import io.contmig.options.OptionValues;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns a YAML scenario plus {@code contmig.*} overrides into a validated {@link BenchPlan}, applying every
 * {@link Defaults} value the scenario leaves unset. Every scenario key and the override syntax are documented in
 * the {@link io.contmig.plan package} documentation; {@code default-scenario.yaml} is a complete example.
 *
 * <p>Validation collects <em>every</em> problem, each prefixed with the path of the offending value, and throws
 * one {@link PlanException} listing them all; nothing is started or written. Checked: unknown keys (listing the
 * known ones), value types, negative durations and rates, mix shares summing to 1, tenant and injection names,
 * unknown sites, tenants, stores, strategies, placement kinds and injector aliases (listing the known ones),
 * injector options against the {@link OptionSpec}s in the registry, an injection's {@code from}/{@code to}
 * against where the tenant's moved part is at that time (following earlier injections), {@code at} within the
 * duration, unique names, gate scopes and (when the gate parser is available) gate syntax.
 *
 * <p>Immutable and thread-safe; {@link #resolve} has no side effects.
 */
public final class PlanResolver {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final List<String> TOP_KEYS = Overrides.SCENARIO_KEYS;
    private static final List<String> TARGETS = List.of("sandbox", "sitewhere");

    private final Defaults defaults;
    private final Map<String, List<OptionSpec>> injectors;
    private final GateSyntax gateSyntax;

    /**
     * @param defaults   the defaults to apply
     * @param injectors  injector alias ({@code postgresql/logical-replication}, {@code placement/kubernetes}, ...)
     *                   → the option specs its factory declares; gathered by the caller (e.g. from a ServiceLoader)
     * @param gateSyntax checks gate expressions
     */
    public PlanResolver(Defaults defaults, Map<String, List<OptionSpec>> injectors, GateSyntax gateSyntax) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        Map<String, List<OptionSpec>> copy = new LinkedHashMap<>();
        injectors.forEach((alias, specs) -> copy.put(alias, List.copyOf(specs)));
        this.injectors = Collections.unmodifiableMap(copy);
        this.gateSyntax = Objects.requireNonNull(gateSyntax, "gateSyntax");
    }

    /** A resolver with {@link Defaults#STANDARD} and the gate parser found on the classpath. */
    public static PlanResolver standard(Map<String, List<OptionSpec>> injectors) {
        return new PlanResolver(Defaults.STANDARD, injectors, GateSyntax.fromClasspath());
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
            overrides.values().forEach((path, value) -> applyOverride(object, path, value, problems));
        }
        BenchPlan plan = new Reading(problems).plan(root);
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

    // ---------------------------------------------------------------- overrides

    private static void applyOverride(ObjectNode root, String path, String value, List<String> problems) {
        String where = "contmig." + path;
        List<Object> segments = segments(path);
        if (segments == null || !(segments.get(0) instanceof String)) {
            problems.add(where + ": malformed override path (expected e.g. tenants[0].devices or tenants.acme.devices)");
            return;
        }
        JsonNode container = root;
        String walked = "";
        for (int i = 0; i < segments.size(); i++) {
            Object segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            if (container instanceof ObjectNode object && segment instanceof String key) {
                if (last) {
                    object.set(key, overrideValue(value));
                    return;
                }
                JsonNode next = object.get(key);
                if (next == null || next.isNull()) {
                    next = segments.get(i + 1) instanceof Integer
                            ? JsonNodeFactory.instance.arrayNode() : JsonNodeFactory.instance.objectNode();
                    object.set(key, next);
                }
                container = next;
            } else if (container instanceof ArrayNode array && segment instanceof Integer index) {
                if (index > array.size()) {
                    problems.add(where + ": index " + index + " is out of range (" + walked + " has " + array.size()
                            + " elements; index " + array.size() + " appends one)");
                    return;
                }
                if (last) {
                    if (index == array.size()) {
                        array.add(overrideValue(value));
                    } else {
                        array.set(index, overrideValue(value));
                    }
                    return;
                }
                if (index == array.size()) {
                    array.add(JsonNodeFactory.instance.objectNode());
                }
                container = array.get(index);
            } else if (container instanceof ArrayNode array && segment instanceof String name && !last) {
                JsonNode found = null;
                for (JsonNode element : array) {
                    if (element.isObject() && name.equals(element.path("name").asText(null))) {
                        found = element;
                    }
                }
                if (found == null) {
                    problems.add(where + ": no element named '" + name + "' in " + walked);
                    return;
                }
                container = found;
            } else {
                problems.add(where + ": " + (walked.isEmpty() ? "the scenario" : walked) + " is "
                        + (container.isArray() ? "a list (use [index], or an element's name followed by a field)"
                        : "not a map"));
                return;
            }
            walked = segment instanceof Integer ? walked + "[" + segment + "]"
                    : walked.isEmpty() ? (String) segment : walked + "." + segment;
        }
    }

    /** {@code a.b[0].c} → [a, b, 0, c]; null when malformed. */
    private static List<Object> segments(String path) {
        List<Object> segments = new ArrayList<>();
        int i = 0;
        int n = path.length();
        while (i < n) {
            if (path.charAt(i) == '[') {
                int close = path.indexOf(']', i);
                if (close < 0 || !path.substring(i + 1, close).matches("\\d{1,9}")) {
                    return null;
                }
                segments.add(Integer.valueOf(path.substring(i + 1, close)));
                i = close + 1;
            } else {
                int j = i;
                while (j < n && path.charAt(j) != '.' && path.charAt(j) != '[') {
                    j++;
                }
                if (j == i) {
                    return null;
                }
                segments.add(path.substring(i, j));
                i = j;
            }
            if (i < n && path.charAt(i) == '.') {
                i++;
                if (i == n) {
                    return null;
                }
            } else if (i < n && path.charAt(i) != '[') {
                return null;
            }
        }
        return segments.isEmpty() ? null : segments;
    }

    /** An override's value read as YAML (so {@code 7} is a number), or as plain text when it is not YAML. */
    private static JsonNode overrideValue(String value) {
        try {
            JsonNode node = YAML.readTree(value);
            return node == null || node.isMissingNode() ? TextNode.valueOf(value) : node;
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(value);
        }
    }

    // ---------------------------------------------------------------- reading

    /** One pass over a scenario tree; collects problems instead of stopping. Not thread-safe (one per resolve). */
    private final class Reading {

        private final List<String> problems;

        Reading(List<String> problems) {
            this.problems = problems;
        }

        BenchPlan plan(JsonNode rootNode) {
            ObjectNode root = object(rootNode, "scenario", TOP_KEYS);
            if (root == null) {
                return null;
            }
            String name = text(root, "", "name").orElse(defaults.name());
            if (!BenchPlan.NAME.matcher(name).matches()) {
                problems.add("name: '" + name + "' must match " + BenchPlan.NAME.pattern());
            }
            long seed = integer(root, "", "seed").orElse(defaults.seed());
            Duration duration = duration(root, "", "duration").orElse(defaults.duration());
            if (duration.isZero()) {
                problems.add("duration: must be > 0");
            }
            String targetLabel = choice(root, "", "target", TARGETS).orElse(defaults.target());
            TargetPlan target = target(root, targetLabel);
            List<String> sites = target != null ? target.sites()
                    : targetLabel.equals("sitewhere") ? declaredSites(root) : SandboxTarget.SITES;
            List<TenantPlan> tenants = tenants(root.get("tenants"), sites);
            LoadPlan load = load(root.get("load"));
            List<InjectionPlan> injections = injections(root.get("injections"), tenants, sites, duration);
            WindowPolicy windows = windows(root.get("windows"));
            List<GatePlan> gates = gates(root.get("gates"), injections);
            if (!problems.isEmpty() || target == null || load == null || windows == null) {
                return null;
            }
            return build("scenario", () -> new BenchPlan(name, seed, duration, target, tenants, load, injections,
                    windows, gates));
        }

        // ---- target

        /** The site names of {@code endpoints.sites}, even when their settings are incomplete. */
        private List<String> declaredSites(ObjectNode root) {
            List<String> names = new ArrayList<>();
            root.path("endpoints").path("sites").fieldNames().forEachRemaining(names::add);
            return names;
        }

        private TargetPlan target(ObjectNode root, String label) {
            JsonNode sandbox = root.get("sandbox");
            JsonNode endpoints = root.get("endpoints");
            if (label.equals("sitewhere")) {
                if (present(sandbox)) {
                    problems.add("sandbox: only applies when target is sandbox");
                }
                if (!present(endpoints)) {
                    problems.add("endpoints: required when target is sitewhere");
                    return null;
                }
                return siteWhere(endpoints);
            }
            if (present(endpoints)) {
                problems.add("endpoints: only applies when target is sitewhere");
            }
            WanDelays d = defaults.wan();
            ObjectNode s = object(sandbox, "sandbox", List.of("wan"));
            ObjectNode wan = s == null ? null : object(s.get("wan"), "sandbox.wan",
                    List.of("devicesToEdge", "devicesToCloud", "edgeToCloud", "bandwidthMbit"));
            if (wan == null) {
                return new SandboxTarget(d);
            }
            String p = "sandbox.wan";
            Duration toEdge = duration(wan, p, "devicesToEdge").orElse(d.devicesToEdge());
            Duration toCloud = duration(wan, p, "devicesToCloud").orElse(d.devicesToCloud());
            Duration edgeCloud = duration(wan, p, "edgeToCloud").orElse(d.edgeToCloud());
            double bandwidth = rate(wan, p, "bandwidthMbit").orElse(d.bandwidthMbit());
            return build("sandbox.wan", () -> new SandboxTarget(new WanDelays(toEdge, toCloud, edgeCloud, bandwidth)));
        }

        private TargetPlan siteWhere(JsonNode node) {
            ObjectNode endpoints = object(node, "endpoints", List.of("rest", "mqtt", "sites"));
            if (endpoints == null) {
                return null;
            }
            ObjectNode rest = object(endpoints.get("rest"), "endpoints.rest",
                    List.of("baseUrl", "authUrl", "username", "password"));
            ObjectNode mqtt = object(endpoints.get("mqtt"), "endpoints.mqtt", List.of("url"));
            String baseUrl = required(rest, "endpoints.rest", "baseUrl");
            String authUrl = required(rest, "endpoints.rest", "authUrl");
            String username = required(rest, "endpoints.rest", "username");
            String password = required(rest, "endpoints.rest", "password");
            String mqttUrl = required(mqtt, "endpoints.mqtt", "url");
            Map<String, SiteWhereTarget.SiteStores> sites = new LinkedHashMap<>();
            JsonNode sitesNode = endpoints.get("sites");
            if (!present(sitesNode)) {
                problems.add("endpoints.sites: required (site name → its stores)");
            } else if (!sitesNode.isObject()) {
                problems.add("endpoints.sites: expected a map, got " + describe(sitesNode));
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = sitesNode.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String p = "endpoints.sites." + e.getKey();
                    ObjectNode site = object(e.getValue(), p,
                            List.of("postgres", "postgresUser", "postgresPassword", "kafka", "influx", "mqtt"));
                    String pg = required(site, p, "postgres");
                    String pgUser = required(site, p, "postgresUser");
                    String pgPassword = required(site, p, "postgresPassword");
                    String kafka = required(site, p, "kafka");
                    String influx = required(site, p, "influx");
                    String siteMqtt = required(site, p, "mqtt");
                    if (pg != null && pgUser != null && pgPassword != null && kafka != null && influx != null
                            && siteMqtt != null) {
                        sites.put(e.getKey(), new SiteWhereTarget.SiteStores(pg, pgUser, pgPassword, kafka, influx,
                                siteMqtt));
                    }
                }
                if (sitesNode.isEmpty()) {
                    problems.add("endpoints.sites: at least one site is required");
                }
            }
            if (baseUrl == null || authUrl == null || username == null || password == null || mqttUrl == null
                    || sites.isEmpty()) {
                return null;
            }
            return build("endpoints", () -> new SiteWhereTarget(baseUrl, authUrl, username, password, mqttUrl, sites));
        }

        // ---- tenants

        private List<TenantPlan> tenants(JsonNode node, List<String> sites) {
            List<TenantPlan> tenants = new ArrayList<>();
            List<JsonNode> elements = list(node, "tenants");
            if (elements.isEmpty()) {
                problems.add("tenants: at least one tenant is required");
            }
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < elements.size(); i++) {
                String p = "tenants[" + i + "]";
                ObjectNode t = object(elements.get(i), p, List.of("name", "site", "devices"));
                if (t == null) {
                    continue;
                }
                String name = required(t, p, "name");
                boolean ok = name != null;
                if (name != null && !TenantPlan.NAME.matcher(name).matches()) {
                    problems.add(p + ".name: '" + name + "' must match " + TenantPlan.NAME.pattern()
                            + " (it becomes a database name)");
                    ok = false;
                }
                if (name != null && seen.containsKey(name)) {
                    problems.add(p + ".name: duplicate tenant '" + name + "' (also tenants[" + seen.get(name) + "])");
                    ok = false;
                } else if (name != null) {
                    seen.put(name, i);
                }
                String site = text(t, p, "site").orElse(defaults.tenantSite());
                if (!sites.contains(site)) {
                    problems.add(p + ".site: unknown '" + site + "' (expected one of: " + String.join(", ", sites) + ")");
                    ok = false;
                }
                long devices = integer(t, p, "devices").orElse((long) defaults.devicesPerTenant());
                if (devices < 0 || devices > Integer.MAX_VALUE) {
                    problems.add(p + ".devices: " + devices + " must be >= 0");
                    ok = false;
                }
                if (ok) {
                    tenants.add(new TenantPlan(name, site, (int) devices));
                }
            }
            return tenants;
        }

        // ---- load

        private LoadPlan load(JsonNode node) {
            ObjectNode load = object(node, "load", List.of("mqtt", "rest"));
            MqttLoad mqtt = mqtt(load == null ? null : load.get("mqtt"));
            RestLoad rest = rest(load == null ? null : load.get("rest"));
            return mqtt == null || rest == null ? null : new LoadPlan(mqtt, rest);
        }

        private MqttLoad mqtt(JsonNode node) {
            String p = "load.mqtt";
            ObjectNode mqtt = object(node, p, List.of("ratePerDevice", "qos", "arrivals", "connections", "mix",
                    "profile"));
            if (mqtt == null) {
                mqtt = JsonNodeFactory.instance.objectNode();
            }
            double rate = rate(mqtt, p, "ratePerDevice").orElse(defaults.ratePerDevice());
            long qos = integer(mqtt, p, "qos").orElse((long) defaults.qos());
            if (qos < 0 || qos > 2) {
                problems.add(p + ".qos: " + qos + " must be 0, 1 or 2");
            }
            Arrivals arrivals = choice(mqtt, p, "arrivals", labels(Arrivals.values()))
                    .map(l -> byLabel(Arrivals.values(), l)).orElse(defaults.arrivals());
            Connections connections = choice(mqtt, p, "connections", labels(Connections.values()))
                    .map(l -> byLabel(Connections.values(), l)).orElse(defaults.connections());
            Map<String, Double> mix = mix(mqtt.get("mix"));
            LoadProfile profile = profile(mqtt.get("profile"));
            if (mix == null || profile == null) {
                return null;
            }
            return build(p, () -> new MqttLoad(rate, (int) qos, arrivals, connections, mix, profile));
        }

        private Map<String, Double> mix(JsonNode node) {
            String p = "load.mqtt.mix";
            ObjectNode mix = object(node, p, Defaults.EVENT_KINDS);
            if (mix == null) {
                return present(node) ? null : defaults.mix();
            }
            Map<String, Double> shares = new LinkedHashMap<>();
            double sum = 0;
            for (String kind : Defaults.EVENT_KINDS) {
                double share = rate(mix, p, kind).orElse(0.0);
                shares.put(kind, share);
                sum += share;
            }
            if (Math.abs(sum - 1.0) > 1e-6) {
                problems.add(p + ": shares sum to " + Plans.number(Math.round(sum * 1e9) / 1e9) + ", must sum to 1");
                return null;
            }
            return shares;
        }

        private LoadProfile profile(JsonNode node) {
            String p = "load.mqtt.profile";
            if (!present(node)) {
                return defaults.profile();
            }
            List<JsonNode> elements = list(node, p);
            if (elements.isEmpty()) {
                problems.add(p + ": at least one stage is required");
                return null;
            }
            List<LoadProfile.Stage> stages = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < elements.size(); i++) {
                String sp = p + "[" + i + "]";
                ObjectNode stage = object(elements.get(i), sp, List.of("constant", "ramp", "step", "during"));
                if (stage == null) {
                    ok = false;
                    continue;
                }
                List<String> kinds = new ArrayList<>();
                for (String k : List.of("constant", "ramp", "step")) {
                    if (present(stage.get(k))) {
                        kinds.add(k);
                    }
                }
                if (kinds.size() != 1) {
                    problems.add(sp + ": expected exactly one of constant, ramp or step"
                            + (kinds.isEmpty() ? "" : " (got " + String.join(", ", kinds) + ")"));
                    ok = false;
                    continue;
                }
                Optional<Duration> during = duration(stage, sp, "during");
                boolean lastStage = i == elements.size() - 1;
                if (kinds.get(0).equals("ramp")) {
                    ObjectNode ramp = object(stage.get("ramp"), sp + ".ramp", List.of("from", "to"));
                    Double from = ramp == null ? null : requiredRate(ramp, sp + ".ramp", "from");
                    Double to = ramp == null ? null : requiredRate(ramp, sp + ".ramp", "to");
                    if (during.isEmpty() || during.get().isZero()) {
                        problems.add(sp + ".during: a ramp needs a duration > 0");
                        ok = false;
                        continue;
                    }
                    if (from == null || to == null) {
                        ok = false;
                        continue;
                    }
                    stages.add(LoadProfile.rampRate(from).to(to).during(during.get()));
                } else {
                    Double level = requiredRate(stage, sp, kinds.get(0));
                    if (during.isEmpty() && !lastStage) {
                        problems.add(sp + ".during: required for every stage but the last (the last one holds)");
                        ok = false;
                        continue;
                    }
                    if (level == null) {
                        ok = false;
                        continue;
                    }
                    stages.add(LoadProfile.constantRate(level).during(during.orElse(Duration.ZERO)));
                }
            }
            return ok ? LoadProfile.of(stages) : null;
        }

        private RestLoad rest(JsonNode node) {
            String p = "load.rest";
            if (!present(node)) {
                return new RestLoad(List.of(), "");
            }
            JsonNode requestsNode = node;
            String simulation = "";
            if (node.isObject()) {
                ObjectNode rest = object(node, p, List.of("requests", "simulation"));
                requestsNode = rest.get("requests");
                simulation = text(rest, p, "simulation").orElse("");
                if (!simulation.isEmpty() && !simulation.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*")) {
                    problems.add(p + ".simulation: '" + simulation + "' is not a class name");
                }
                p = p + ".requests";
            }
            List<RestRequest> requests = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            List<JsonNode> elements = present(requestsNode) ? list(requestsNode, p) : List.of();
            for (int i = 0; i < elements.size(); i++) {
                String rp = p + "[" + i + "]";
                ObjectNode r = object(elements.get(i), rp, List.of("name", "ratePerSecond"));
                if (r == null) {
                    continue;
                }
                Optional<String> name = choice(r, rp, "name", Defaults.REST_REQUESTS);
                if (name.isEmpty() && !present(r.get("name"))) {
                    problems.add(rp + ".name: required (one of: " + String.join(", ", Defaults.REST_REQUESTS) + ")");
                }
                double rate = rate(r, rp, "ratePerSecond").orElse(defaults.restRatePerSecond());
                if (name.isPresent()) {
                    if (seen.containsKey(name.get())) {
                        problems.add(rp + ".name: duplicate request '" + name.get() + "' (also " + p + "["
                                + seen.get(name.get()) + "])");
                    } else {
                        seen.put(name.get(), i);
                        requests.add(new RestRequest(name.get(), rate));
                    }
                }
            }
            return new RestLoad(requests, simulation);
        }

        // ---- injections

        /** An injection as read, before the site walk that needs them in time order. */
        private record Draft(int index, String name, Duration at, boolean migration, String store, String strategy,
                             String tenant, Optional<String> from, String to, String alias, List<OptionSpec> specs,
                             Map<String, Object> rawOptions, String actionPath) {
        }

        private List<InjectionPlan> injections(JsonNode node, List<TenantPlan> tenants, List<String> sites,
                                               Duration duration) {
            List<Draft> drafts = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            List<JsonNode> elements = present(node) ? list(node, "injections") : List.of();
            for (int i = 0; i < elements.size(); i++) {
                String p = "injections[" + i + "]";
                ObjectNode inj = object(elements.get(i), p, List.of("name", "at", "migration", "placement"));
                if (inj == null) {
                    continue;
                }
                String name = required(inj, p, "name");
                if (name != null && !InjectionPlan.NAME.matcher(name).matches()) {
                    problems.add(p + ".name: '" + name + "' must match " + InjectionPlan.NAME.pattern()
                            + " (it becomes a file name)");
                }
                if (name != null && seen.containsKey(name)) {
                    problems.add(p + ".name: duplicate injection '" + name + "' (also injections[" + seen.get(name) + "])");
                } else if (name != null) {
                    seen.put(name, i);
                }
                Optional<Duration> at = duration(inj, p, "at");
                if (at.isEmpty() && !present(inj.get("at"))) {
                    problems.add(p + ".at: required (e.g. 40s)");
                }
                if (at.isPresent() && at.get().compareTo(duration) >= 0) {
                    problems.add(p + ".at: " + Plans.format(at.get()) + " is not before the end of the run (duration "
                            + Plans.format(duration) + ")");
                }
                boolean hasMigration = present(inj.get("migration"));
                boolean hasPlacement = present(inj.get("placement"));
                if (hasMigration == hasPlacement) {
                    problems.add(p + ": expected exactly one of migration or placement");
                    continue;
                }
                Draft draft = hasMigration
                        ? migration(i, name, at.orElse(null), inj.get("migration"), p + ".migration", tenants, sites)
                        : placement(i, name, at.orElse(null), inj.get("placement"), p + ".placement", tenants, sites);
                if (draft != null && name != null && at.isPresent()) {
                    drafts.add(draft);
                }
            }
            return walkSites(drafts, tenants);
        }

        private Draft migration(int index, String name, Duration at, JsonNode node, String p,
                                List<TenantPlan> tenants, List<String> sites) {
            ObjectNode m = object(node, p, List.of("store", "strategy", "tenant", "from", "to", "options"));
            if (m == null) {
                return null;
            }
            List<String> stores = List.copyOf(Defaults.STRATEGIES.keySet());
            String store = required(m, p, "store");
            if (store != null && !stores.contains(store)) {
                problems.add(p + ".store: unknown '" + store + "' (expected one of: " + String.join(", ", stores) + ")");
                store = null;
            }
            String strategy = required(m, p, "strategy");
            if (store != null && strategy != null && !Defaults.STRATEGIES.get(store).contains(strategy)) {
                problems.add(p + ".strategy: unknown '" + strategy + "' (expected one of: "
                        + String.join(", ", Defaults.STRATEGIES.get(store)) + ")");
                strategy = null;
            }
            String alias = store == null || strategy == null ? null : store + "/" + strategy;
            return action(index, name, at, true, store, strategy, alias, m, p, tenants, sites);
        }

        private Draft placement(int index, String name, Duration at, JsonNode node, String p,
                                List<TenantPlan> tenants, List<String> sites) {
            ObjectNode m = object(node, p, List.of("kind", "tenant", "from", "to", "options"));
            if (m == null) {
                return null;
            }
            String kind = required(m, p, "kind");
            if (kind != null && !Defaults.PLACEMENT_KINDS.contains(kind)) {
                problems.add(p + ".kind: unknown '" + kind + "' (expected one of: "
                        + String.join(", ", Defaults.PLACEMENT_KINDS) + ")");
                kind = null;
            }
            String alias = kind == null ? null : "placement/" + kind;
            return action(index, name, at, false, "pipeline", kind, alias, m, p, tenants, sites);
        }

        private Draft action(int index, String name, Duration at, boolean migration, String store, String strategy,
                             String alias, ObjectNode m, String p, List<TenantPlan> tenants, List<String> sites) {
            String tenant = required(m, p, "tenant");
            if (tenant != null && tenants.stream().noneMatch(t -> t.name().equals(tenant))) {
                problems.add(p + ".tenant: unknown tenant '" + tenant + "' (known: " + (tenants.isEmpty() ? "none"
                        : String.join(", ", tenants.stream().map(TenantPlan::name).toList())) + ")");
            }
            Optional<String> from = text(m, p, "from");
            if (from.isPresent() && !sites.contains(from.get())) {
                problems.add(p + ".from: unknown site '" + from.get() + "' (expected one of: "
                        + String.join(", ", sites) + ")");
            }
            String to = required(m, p, "to");
            if (to != null && !sites.contains(to)) {
                problems.add(p + ".to: unknown site '" + to + "' (expected one of: " + String.join(", ", sites) + ")");
            }
            List<OptionSpec> specs = null;
            if (alias != null) {
                specs = injectors.get(alias);
                if (specs == null) {
                    problems.add(p + ": no injector '" + alias + "' is available (known: "
                            + (injectors.isEmpty() ? "none" : String.join(", ", injectors.keySet())) + ")");
                }
            }
            Map<String, Object> raw = options(m.get("options"), p + ".options");
            if (name == null || at == null || alias == null || specs == null || raw == null || to == null
                    || tenant == null || !sites.contains(to) || tenants.stream().noneMatch(t -> t.name().equals(tenant))
                    || (from.isPresent() && !sites.contains(from.get()))) {
                return null;
            }
            return new Draft(index, name, at, migration, store, strategy, tenant, from, to, alias, specs, raw, p);
        }

        private Map<String, Object> options(JsonNode node, String p) {
            if (!present(node)) {
                return Map.of();
            }
            if (!node.isObject()) {
                problems.add(p + ": expected a map, got " + describe(node));
                return null;
            }
            Map<String, Object> raw = new LinkedHashMap<>();
            boolean ok = true;
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    problems.add(p + "." + e.getKey() + ": expected a single value, got " + describe(e.getValue()));
                    ok = false;
                } else {
                    raw.put(e.getKey(), e.getValue().asText());
                }
            }
            return ok ? raw : null;
        }

        /**
         * Follows each tenant's stores and pipeline stage through the injections in time order, checking and
         * filling in {@code from}, refusing a move to where the part already is, and validating options.
         */
        private List<InjectionPlan> walkSites(List<Draft> drafts, List<TenantPlan> tenants) {
            Map<String, String> siteOf = new HashMap<>();
            List<Draft> ordered = new ArrayList<>(drafts);
            ordered.sort(Comparator.comparing(Draft::at).thenComparingInt(Draft::index));
            List<InjectionPlan> plans = new ArrayList<>();
            for (Draft d : ordered) {
                String home = tenants.stream().filter(t -> t.name().equals(d.tenant())).findFirst()
                        .map(TenantPlan::site).orElseThrow();
                String part = d.tenant() + "/" + d.store();
                String current = siteOf.getOrDefault(part, home);
                String what = d.migration() ? d.tenant() + "'s " + d.store() : d.tenant() + "'s pipeline stage";
                boolean ok = true;
                if (d.from().isPresent() && !d.from().get().equals(current)) {
                    problems.add(d.actionPath() + ".from: '" + d.from().get() + "' is not where " + what + " is at "
                            + Plans.format(d.at()) + " ('" + current + "')");
                    ok = false;
                }
                if (d.to().equals(current)) {
                    problems.add(d.actionPath() + ".to: '" + d.to() + "' is already where " + what + " is at "
                            + Plans.format(d.at()) + " (nothing to move)");
                    ok = false;
                }
                OptionValues options = OptionValues.validate(d.actionPath() + ".options", d.rawOptions(), d.specs(),
                        problems);
                siteOf.put(part, d.to());
                if (!ok) {
                    continue;
                }
                InjectionAction action = d.migration()
                        ? new PlannedMigration(d.store(), d.strategy(), d.tenant(), current, d.to(), options)
                        : new PlannedPlacement(d.strategy(), d.tenant(), current, d.to(), options);
                if (InjectionPlan.NAME.matcher(d.name()).matches()) {
                    plans.add(new InjectionPlan(d.name(), d.at(), action));
                }
            }
            return plans;
        }

        // ---- windows and gates

        private WindowPolicy windows(JsonNode node) {
            WindowPolicy d = defaults.windows();
            ObjectNode w = object(node, "windows", List.of("baseline", "settle", "after"));
            if (w == null) {
                return present(node) ? null : d;
            }
            Duration baseline = duration(w, "windows", "baseline").orElse(d.baseline());
            Duration settle = duration(w, "windows", "settle").orElse(d.settle());
            Duration after = duration(w, "windows", "after").orElse(d.after());
            return new WindowPolicy(baseline, settle, after);
        }

        private List<GatePlan> gates(JsonNode node, List<InjectionPlan> injections) {
            List<GatePlan> gates = new ArrayList<>();
            List<JsonNode> elements = present(node) ? list(node, "gates") : List.of();
            List<String> names = injections.stream().map(InjectionPlan::name).toList();
            for (int i = 0; i < elements.size(); i++) {
                String p = "gates[" + i + "]";
                JsonNode g = elements.get(i);
                String expression;
                String injection = "";
                String expressionPath = p;
                if (g.isTextual()) {
                    expression = g.asText();
                } else {
                    ObjectNode o = object(g, p, List.of("expression", "injection"));
                    if (o == null) {
                        continue;
                    }
                    expressionPath = p + ".expression";
                    expression = required(o, p, "expression");
                    injection = text(o, p, "injection").orElse("");
                    if (!injection.isEmpty() && !names.contains(injection)) {
                        problems.add(p + ".injection: unknown injection '" + injection + "' (known: "
                                + (names.isEmpty() ? "none" : String.join(", ", names)) + ")");
                    }
                }
                if (expression == null) {
                    continue;
                }
                if (expression.isBlank()) {
                    problems.add(expressionPath + ": a gate expression must not be empty");
                    continue;
                }
                Optional<String> syntax = gateSyntax.problem(expression);
                if (syntax.isPresent()) {
                    problems.add(expressionPath + ": " + syntax.get());
                    continue;
                }
                gates.add(new GatePlan(expression, injection));
            }
            return gates;
        }

        // ---- primitive readers: each reports its own problem and returns empty/null on a bad value

        private ObjectNode object(JsonNode node, String path, List<String> known) {
            if (!present(node)) {
                return null;
            }
            if (!(node instanceof ObjectNode object)) {
                problems.add(path + ": expected a map, got " + describe(node));
                return null;
            }
            for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!known.contains(key)) {
                    problems.add(child(path, key) + ": unknown key (known: " + String.join(", ", known) + ")");
                }
            }
            return object;
        }

        private List<JsonNode> list(JsonNode node, String path) {
            if (!present(node)) {
                return List.of();
            }
            if (!node.isArray()) {
                problems.add(path + ": expected a list, got " + describe(node));
                return List.of();
            }
            List<JsonNode> elements = new ArrayList<>();
            node.forEach(elements::add);
            return elements;
        }

        private Optional<String> text(ObjectNode o, String path, String key) {
            JsonNode v = o == null ? null : o.get(key);
            if (!present(v)) {
                return Optional.empty();
            }
            if (!v.isTextual() && !v.isNumber() && !v.isBoolean()) {
                problems.add(child(path, key) + ": expected a string, got " + describe(v));
                return Optional.empty();
            }
            return Optional.of(v.asText());
        }

        private String required(ObjectNode o, String path, String key) {
            JsonNode v = o == null ? null : o.get(key);
            if (!present(v)) {
                problems.add(child(path, key) + ": required");
                return null;
            }
            Optional<String> text = text(o, path, key);
            if (text.isPresent() && text.get().isBlank()) {
                problems.add(child(path, key) + ": must not be empty");
                return null;
            }
            return text.orElse(null);
        }

        private Optional<String> choice(ObjectNode o, String path, String key, List<String> choices) {
            Optional<String> v = text(o, path, key);
            if (v.isPresent() && !choices.contains(v.get())) {
                problems.add(child(path, key) + ": unknown '" + v.get() + "' (expected one of: "
                        + String.join(", ", choices) + ")");
                return Optional.empty();
            }
            return v;
        }

        private Optional<Long> integer(ObjectNode o, String path, String key) {
            JsonNode v = o == null ? null : o.get(key);
            if (!present(v)) {
                return Optional.empty();
            }
            if (v.isIntegralNumber() && v.canConvertToLong()) {
                return Optional.of(v.asLong());
            }
            if (v.isTextual()) {
                try {
                    return Optional.of(Long.parseLong(v.asText().trim()));
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            problems.add(child(path, key) + ": expected an integer, got " + describe(v));
            return Optional.empty();
        }

        private Optional<Double> number(ObjectNode o, String path, String key) {
            JsonNode v = o == null ? null : o.get(key);
            if (!present(v)) {
                return Optional.empty();
            }
            if (v.isNumber()) {
                return Optional.of(v.asDouble());
            }
            if (v.isTextual()) {
                try {
                    double d = Double.parseDouble(v.asText().trim());
                    if (Double.isFinite(d)) {
                        return Optional.of(d);
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            problems.add(child(path, key) + ": expected a number, got " + describe(v));
            return Optional.empty();
        }

        /** A number that must be >= 0 (rates, shares, multipliers, bandwidth). */
        private Optional<Double> rate(ObjectNode o, String path, String key) {
            Optional<Double> v = number(o, path, key);
            if (v.isPresent() && !(v.get() >= 0)) {
                problems.add(child(path, key) + ": " + Plans.number(v.get()) + " must be >= 0");
                return Optional.empty();
            }
            return v;
        }

        private Double requiredRate(ObjectNode o, String path, String key) {
            if (!present(o.get(key))) {
                problems.add(child(path, key) + ": required");
                return null;
            }
            return rate(o, path, key).orElse(null);
        }

        private Optional<Duration> duration(ObjectNode o, String path, String key) {
            JsonNode v = o == null ? null : o.get(key);
            if (!present(v)) {
                return Optional.empty();
            }
            String where = child(path, key);
            if (v.isNumber()) {
                double millis = v.asDouble();
                if (millis < 0) {
                    problems.add(where + ": " + Plans.number(millis) + " must not be negative");
                    return Optional.empty();
                }
                return Optional.of(Duration.ofNanos(Math.round(millis * 1_000_000)));
            }
            if (!v.isTextual()) {
                problems.add(where + ": expected a duration (e.g. 500ms, 2s, 1m), got " + describe(v));
                return Optional.empty();
            }
            String text = v.asText().trim();
            if (text.startsWith("-")) {
                problems.add(where + ": '" + text + "' must not be negative");
                return Optional.empty();
            }
            Duration d = OptionValues.parseDuration(text);
            if (d == null) {
                problems.add(where + ": '" + text + "' is not a duration (e.g. 500ms, 2s, 1m, 1h)");
                return Optional.empty();
            }
            return Optional.of(d);
        }

        private <T> T build(String path, Supplier<T> constructor) {
            try {
                return constructor.get();
            } catch (IllegalArgumentException e) {
                problems.add(path + ": " + e.getMessage());
                return null;
            }
        }
    }

    // ---------------------------------------------------------------- small helpers

    private static boolean present(JsonNode node) {
        return node != null && !node.isNull() && !node.isMissingNode();
    }

    private static String child(String path, String key) {
        return path.isEmpty() || path.equals("scenario") ? key : path + "." + key;
    }

    private static String describe(JsonNode v) {
        if (v.isObject()) {
            return "a map";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isTextual()) {
            return "'" + v.asText() + "'";
        }
        return v.toString();
    }

    private static List<String> labels(Arrivals[] values) {
        List<String> l = new ArrayList<>();
        for (Arrivals a : values) {
            l.add(a.label());
        }
        return l;
    }

    private static List<String> labels(Connections[] values) {
        List<String> l = new ArrayList<>();
        for (Connections c : values) {
            l.add(c.label());
        }
        return l;
    }

    private static Arrivals byLabel(Arrivals[] values, String label) {
        for (Arrivals a : values) {
            if (a.label().equals(label)) {
                return a;
            }
        }
        throw new IllegalArgumentException(label);
    }

    private static Connections byLabel(Connections[] values, String label) {
        for (Connections c : values) {
            if (c.label().equals(label)) {
                return c;
            }
        }
        throw new IllegalArgumentException(label);
    }
}
