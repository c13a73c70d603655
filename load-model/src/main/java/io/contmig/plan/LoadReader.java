package io.contmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the {@code load} section: the MQTT fleet (rate, QoS, arrivals, connections, client library, mix, profile),
 * the REST requests and the FIT IoT-LAB devices ({@link IotLabReader}). Not thread-safe: one per resolve.
 */
final class LoadReader extends NodeReader {

    private final Defaults defaults;

    LoadReader(List<String> problems, Defaults defaults) {
        super(problems);
        this.defaults = defaults;
    }

    LoadPlan load(JsonNode node, List<TenantPlan> tenants) {
        ObjectNode load = object(node, "load", List.of("mqtt", "rest", "iotlab", "generators"));
        MqttLoad mqtt = mqtt(load == null ? null : load.get("mqtt"));
        RestLoad rest = rest(load == null ? null : load.get("rest"));
        Optional<IotLabLoad> iotlab = new IotLabReader(problems).iotlab(load == null ? null : load.get("iotlab"),
                tenants);
        GeneratorsPlan generators = new GeneratorsReader(problems).generators(load == null ? null : load.get("generators"));
        return mqtt == null || rest == null || iotlab == null || generators == null ? null
                : new LoadPlan(mqtt, rest, iotlab, generators);
    }

    private MqttLoad mqtt(JsonNode node) {
        String p = "load.mqtt";
        ObjectNode mqtt = object(node, p, List.of("ratePerDevice", "qos", "arrivals", "connections", "mix",
                "profile", "freshnessShare", "client"));
        if (mqtt == null) {
            mqtt = JsonNodeFactory.instance.objectNode();
        }
        double rate = rate(mqtt, p, "ratePerDevice").orElse(defaults.ratePerDevice());
        long qos = integer(mqtt, p, "qos").orElse((long) defaults.qos());
        if (qos < 0 || qos > 2) {
            problems.add(p + ".qos: " + qos + " must be 0, 1 or 2");
        }
        Arrivals arrivals = choice(mqtt, p, "arrivals", labels(Arrivals.values(), Arrivals::label))
                .map(l -> byLabel(Arrivals.values(), Arrivals::label, l)).orElse(defaults.arrivals());
        Connections connections = choice(mqtt, p, "connections", labels(Connections.values(), Connections::label))
                .map(l -> byLabel(Connections.values(), Connections::label, l)).orElse(defaults.connections());
        MqttClientKind client = choice(mqtt, p, "client", labels(MqttClientKind.values(), MqttClientKind::label))
                .map(l -> byLabel(MqttClientKind.values(), MqttClientKind::label, l)).orElse(Defaults.MQTT_CLIENT);
        double freshness = rate(mqtt, p, "freshnessShare").orElse(Defaults.FRESHNESS_SHARE);
        if (freshness > 1) {
            problems.add(p + ".freshnessShare: " + Plans.number(freshness) + " must be <= 1");
        }
        Map<String, Double> mix = mix(mqtt.get("mix"));
        LoadProfile profile = profile(mqtt.get("profile"));
        if (mix == null || profile == null) {
            return null;
        }
        return build(p, () -> new MqttLoad(rate, (int) qos, arrivals, connections, mix, profile,
                Math.min(1, freshness), client));
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

    private static <E> List<String> labels(E[] values, Function<E, String> label) {
        List<String> l = new ArrayList<>();
        for (E e : values) {
            l.add(label.apply(e));
        }
        return l;
    }

    private static <E> E byLabel(E[] values, Function<E, String> label, String wanted) {
        for (E e : values) {
            if (label.apply(e).equals(wanted)) {
                return e;
            }
        }
        throw new IllegalArgumentException(wanted);
    }
}
