package io.contmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.target.Login;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the target section of a scenario: {@code target}, {@code sandbox} (WAN delays) and {@code endpoints} (a
 * real SiteWhere: REST, MQTT and each site's stores). Not thread-safe: one per resolve.
 */
final class TargetReader extends NodeReader {

    private final Defaults defaults;

    TargetReader(List<String> problems, Defaults defaults) {
        super(problems);
        this.defaults = defaults;
    }

    /** The site names of {@code endpoints.sites}, even when their settings are incomplete. */
    List<String> declaredSites(ObjectNode root) {
        List<String> names = new ArrayList<>();
        root.path("endpoints").path("sites").fieldNames().forEachRemaining(names::add);
        return names;
    }

    TargetPlan target(ObjectNode root, String label) {
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
        ObjectNode s = object(sandbox, "sandbox", List.of("wan", "kafkaValues", "kafka"));
        String kafkaValues = s == null ? "json"
                : choice(s, "sandbox", "kafkaValues", SandboxTarget.KAFKA_VALUES).orElse("json");
        String kafka = s == null ? SandboxTarget.KAFKA_PER_SITE
                : choice(s, "sandbox", "kafka", SandboxTarget.KAFKA_TOPOLOGIES).orElse(SandboxTarget.KAFKA_PER_SITE);
        ObjectNode wan = s == null ? null : object(s.get("wan"), "sandbox.wan",
                List.of("devicesToEdge", "devicesToCloud", "edgeToCloud", "bandwidthMbit"));
        if (wan == null) {
            return new SandboxTarget(d, kafkaValues, kafka);
        }
        String p = "sandbox.wan";
        Duration toEdge = duration(wan, p, "devicesToEdge").orElse(d.devicesToEdge());
        Duration toCloud = duration(wan, p, "devicesToCloud").orElse(d.devicesToCloud());
        Duration edgeCloud = duration(wan, p, "edgeToCloud").orElse(d.edgeToCloud());
        double bandwidth = rate(wan, p, "bandwidthMbit").orElse(d.bandwidthMbit());
        return build("sandbox.wan", () -> new SandboxTarget(new WanDelays(toEdge, toCloud, edgeCloud, bandwidth),
                kafkaValues, kafka));
    }

    /**
     * {@code endpoints}: {@code sandbox.json}'s shape as it is. Credentials are optional everywhere (the run takes
     * missing ones from the environment or a credentials file); {@code tenants} ({@code tenant → {site}}) says where the
     * installation serves each tenant.
     */
    private TargetPlan siteWhere(JsonNode node) {
        ObjectNode endpoints = object(node, "endpoints", List.of("rest", "mqtt", "sites", "tenants", "kubernetes"));
        if (endpoints == null) {
            return null;
        }
        ObjectNode rest = object(endpoints.get("rest"), "endpoints.rest",
                List.of("baseUrl", "authUrl", "username", "password"));
        ObjectNode mqtt = object(endpoints.get("mqtt"), "endpoints.mqtt", List.of("url", "username", "password"));
        Login mqttLogin = login(mqtt, "endpoints.mqtt", "username", "password");
        String baseUrl = required(rest, "endpoints.rest", "baseUrl");
        String authUrl = required(rest, "endpoints.rest", "authUrl");
        Optional<String> username = optionalText(rest, "endpoints.rest", "username");
        Optional<String> password = optionalText(rest, "endpoints.rest", "password");
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
                        List.of("postgres", "postgresUser", "postgresPassword", "kafka", "influx", "mqtt", "addresses",
                                "influxUser", "influxPassword", "mqttUser", "mqttPassword"));
                Login influxLogin = login(site, p, "influxUser", "influxPassword");
                Login siteMqttLogin = login(site, p, "mqttUser", "mqttPassword");
                String pg = required(site, p, "postgres");
                Optional<String> pgUser = optionalText(site, p, "postgresUser");
                Optional<String> pgPassword = optionalText(site, p, "postgresPassword");
                String kafka = required(site, p, "kafka");
                String influx = required(site, p, "influx");
                String siteMqtt = required(site, p, "mqtt");
                Map<String, String> addresses = addresses(site == null ? null : site.get("addresses"), p + ".addresses");
                if (pg != null && kafka != null && influx != null && siteMqtt != null) {
                    sites.put(e.getKey(), new SiteWhereTarget.SiteStores(pg, pgUser, pgPassword, kafka, influx,
                            siteMqtt, addresses, influxLogin, siteMqttLogin));
                }
            }
            if (sitesNode.isEmpty()) {
                problems.add("endpoints.sites: at least one site is required");
            }
        }
        Map<String, String> tenantSites = tenantSites(endpoints.get("tenants"), declaredSitesOf(sitesNode));
        Optional<SiteWhereKubernetes> kubernetes = kubernetes(endpoints.get("kubernetes"), declaredSitesOf(sitesNode));
        if (baseUrl == null || authUrl == null || mqttUrl == null || sites.isEmpty()) {
            return null;
        }
        return build("endpoints", () -> new SiteWhereTarget(baseUrl, authUrl, username, password, mqttUrl, sites,
                tenantSites, kubernetes, mqttLogin));
    }

    /**
     * The login in {@code userKey}/{@code passwordKey} of {@code node}: {@link Login#NONE} when neither is given (the
     * run may still find it in the environment or the credentials file); a problem when only one is.
     */
    private Login login(ObjectNode node, String path, String userKey, String passwordKey) {
        Optional<String> user = optionalText(node, path, userKey);
        Optional<String> password = optionalText(node, path, passwordKey);
        if (user.isPresent() != password.isPresent()) {
            problems.add(path + ": " + (user.isPresent() ? passwordKey : userKey) + " is required with "
                    + (user.isPresent() ? userKey : passwordKey));
            return Login.NONE;
        }
        if (user.isEmpty()) {
            return Login.NONE;
        }
        try {
            return new Login(user.get(), password.get());
        } catch (IllegalArgumentException e) {
            problems.add(path + "." + userKey + ": " + e.getMessage());
            return Login.NONE;
        }
    }

    private static List<String> declaredSitesOf(JsonNode sitesNode) {
        List<String> names = new ArrayList<>();
        if (sitesNode != null && sitesNode.isObject()) {
            sitesNode.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    /** A text value that may be absent; blank counts as a problem (a forgotten value, not an absent one). */
    private Optional<String> optionalText(ObjectNode o, String path, String key) {
        Optional<String> value = text(o, path, key);
        if (value.isPresent() && value.get().isBlank()) {
            problems.add(path + "." + key + ": must not be blank (leave it out to take it from the environment)");
            return Optional.empty();
        }
        return value;
    }

    /**
     * {@code endpoints.kubernetes}: {@code {namespace, masterUrl?, switchTimeout? [120s], datastores: {<site>: {<store>:
     * <datastore reference>}}, microservices?: {<store>: [<microservice>]}}}.
     */
    private Optional<SiteWhereKubernetes> kubernetes(JsonNode node, List<String> declared) {
        if (!present(node)) {
            return Optional.empty();
        }
        String p = "endpoints.kubernetes";
        ObjectNode k = object(node, p, List.of("namespace", "masterUrl", "switchTimeout", "datastores", "microservices"));
        if (k == null) {
            return Optional.empty();
        }
        String namespace = required(k, p, "namespace");
        Optional<String> masterUrl = optionalText(k, p, "masterUrl");
        Duration timeout = duration(k, p, "switchTimeout").orElse(Duration.ofSeconds(120));
        Map<String, Map<String, String>> datastores = new LinkedHashMap<>();
        JsonNode ds = k.get("datastores");
        if (!present(ds) || !ds.isObject()) {
            problems.add(p + ".datastores: required, a map (site → store → datastore reference)");
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = ds.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!declared.contains(e.getKey())) {
                    problems.add(p + ".datastores." + e.getKey() + ": unknown site (expected one of: "
                            + String.join(", ", declared) + ")");
                    continue;
                }
                datastores.put(e.getKey(), addresses(e.getValue(), p + ".datastores." + e.getKey()));
            }
        }
        Map<String, List<String>> microservices = new LinkedHashMap<>(SiteWhereKubernetes.DEFAULT_MICROSERVICES);
        JsonNode ms = k.get("microservices");
        if (present(ms) && ms.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = ms.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                List<String> names = new ArrayList<>();
                for (JsonNode n : list(e.getValue(), p + ".microservices." + e.getKey())) {
                    names.add(n.asText());
                }
                microservices.put(e.getKey(), names);
            }
        } else if (present(ms)) {
            problems.add(p + ".microservices: expected a map (store → [microservice]), got " + describe(ms));
        }
        if (namespace == null) {
            return Optional.empty();
        }
        SiteWhereKubernetes built = build(p, () -> new SiteWhereKubernetes(namespace, masterUrl, datastores,
                microservices, timeout));
        return Optional.ofNullable(built);
    }

    /** {@code endpoints.tenants}: {@code tenant → {site: <declared site>}}, as {@code sandbox.json} writes it. */
    private Map<String, String> tenantSites(JsonNode node, List<String> declared) {
        Map<String, String> tenantSites = new LinkedHashMap<>();
        if (!present(node)) {
            return tenantSites;
        }
        if (!node.isObject()) {
            problems.add("endpoints.tenants: expected a map (tenant → {site}), got " + describe(node));
            return tenantSites;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = "endpoints.tenants." + e.getKey();
            ObjectNode tenant = object(e.getValue(), p, List.of("site"));
            String site = required(tenant, p, "site");
            if (site != null && !declared.contains(site)) {
                problems.add(p + ".site: unknown '" + site + "' (expected one of: " + String.join(", ", declared) + ")");
            } else if (site != null) {
                tenantSites.put(e.getKey(), site);
            }
        }
        return tenantSites;
    }

    /** {@code store label → address} of stores without a field of their own (those a new injector brings). */
    private Map<String, String> addresses(JsonNode node, String p) {
        Map<String, String> addresses = new LinkedHashMap<>();
        if (!present(node)) {
            return addresses;
        }
        if (!node.isObject()) {
            problems.add(p + ": expected a map (store → address), got " + describe(node));
            return addresses;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!io.contmig.target.Store.LABEL.matcher(e.getKey()).matches()) {
                problems.add(p + "." + e.getKey() + ": not a store label (must match "
                        + io.contmig.target.Store.LABEL.pattern() + ")");
            } else if (!e.getValue().isTextual() || e.getValue().asText().isBlank()) {
                problems.add(p + "." + e.getKey() + ": expected an address, got " + describe(e.getValue()));
            } else {
                addresses.put(e.getKey(), e.getValue().asText());
            }
        }
        return addresses;
    }
}
