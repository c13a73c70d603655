package io.contmig.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.Map;

/**
 * Writes a {@link BenchPlan} as {@code plan.json} through its schema {@link PlanDocument}: the scenario's own shape
 * (so the file can be read back as a scenario) with every default written out, durations in scenario syntax
 * ({@code "240s"}, {@code "500ms"}), unset optional values as {@code null}, and passwords as {@code "***"}; the
 * runner adds the run's facts with {@link PlanDocument#withRunFacts}. Field order is fixed, so equal plans give
 * equal bytes. Stateless and thread-safe.
 */
public final class PlanJson {

    /** What passwords are written as. */
    public static final String REDACTED = "***";

    private static final ObjectMapper JSON = new ObjectMapper();
    // An explicit "\n" so that plan.json is byte-identical on every OS.
    private static final DefaultPrettyPrinter PRETTY = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"));

    private PlanJson() {
    }

    /** The plan as a document without run facts; the runner adds them ({@link PlanDocument#withRunFacts}). */
    public static PlanDocument document(BenchPlan plan) {
        try {
            return JSON.treeToValue(tree(plan), PlanDocument.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plan.json's writer and its schema disagree: " + e.getMessage(), e);
        }
    }

    /** The scenario's sections as a JSON tree, in the scenario's shape. */
    private static ObjectNode tree(BenchPlan plan) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("name", plan.name());
        root.put("seed", plan.seed());
        root.put("duration", Plans.format(plan.duration()));
        root.put("target", plan.target().label());
        if (plan.target() instanceof SandboxTarget sandbox) {
            ObjectNode sandboxNode = root.putObject("sandbox");
            sandboxNode.put("kafka", sandbox.kafka());
            ObjectNode wan = sandboxNode.putObject("wan");
            wan.put("devicesToEdge", Plans.format(sandbox.wan().devicesToEdge()));
            wan.put("devicesToCloud", Plans.format(sandbox.wan().devicesToCloud()));
            wan.put("edgeToCloud", Plans.format(sandbox.wan().edgeToCloud()));
            wan.put("bandwidthMbit", sandbox.wan().bandwidthMbit());
            sandboxNode.put("kafkaValues", sandbox.kafkaValues());
        } else if (plan.target() instanceof SiteWhereTarget sw) {
            ObjectNode endpoints = root.putObject("endpoints");
            ObjectNode rest = endpoints.putObject("rest");
            rest.put("baseUrl", sw.restBaseUrl());
            rest.put("authUrl", sw.authUrl());
            sw.username().ifPresent(u -> rest.put("username", u));
            sw.password().ifPresent(p -> rest.put("password", REDACTED));
            endpoints.putObject("mqtt").put("url", sw.mqttUrl());
            ObjectNode sites = endpoints.putObject("sites");
            sw.siteStores().forEach((name, s) -> {
                ObjectNode site = sites.putObject(name);
                site.put("postgres", s.postgres());
                s.postgresUser().ifPresent(u -> site.put("postgresUser", u));
                s.postgresPassword().ifPresent(p -> site.put("postgresPassword", REDACTED));
                site.put("kafka", s.kafka());
                site.put("influx", s.influx());
                site.put("mqtt", s.mqtt());
                if (!s.addresses().isEmpty()) {
                    ObjectNode addresses = site.putObject("addresses");
                    s.addresses().forEach(addresses::put);
                }
            });
            sw.kubernetes().ifPresent(k -> {
                ObjectNode kube = endpoints.putObject("kubernetes");
                kube.put("namespace", k.namespace());
                k.masterUrl().ifPresent(u -> kube.put("masterUrl", u));
                kube.put("switchTimeout", Plans.format(k.switchTimeout()));
                ObjectNode ds = kube.putObject("datastores");
                k.datastores().forEach((site, refs) -> refs.forEach((store, ref) -> ds.with(site).put(store, ref)));
                ObjectNode ms = kube.putObject("microservices");
                k.microservices().forEach((store, names) -> names.forEach(ms.withArray(store)::add));
            });
            if (!sw.tenantSites().isEmpty()) {
                ObjectNode tenantSites = endpoints.putObject("tenants");
                sw.tenantSites().forEach((t, site) -> tenantSites.putObject(t).put("site", site));
            }
        }
        ArrayNode tenants = root.putArray("tenants");
        for (TenantPlan t : plan.tenants()) {
            tenants.addObject().put("name", t.name()).put("site", t.site()).put("devices", t.devices());
        }
        ObjectNode load = root.putObject("load");
        MqttLoad m = plan.load().mqtt();
        ObjectNode mqtt = load.putObject("mqtt");
        mqtt.put("ratePerDevice", m.ratePerDevice());
        mqtt.put("qos", m.qos());
        mqtt.put("arrivals", m.arrivals().label());
        mqtt.put("connections", m.connections().label());
        mqtt.put("client", m.client().label());
        ObjectNode mix = mqtt.putObject("mix");
        m.mix().forEach(mix::put);
        ArrayNode profile = mqtt.putArray("profile");
        var stages = m.profile().stages();
        for (int i = 0; i < stages.size(); i++) {
            LoadProfile.Stage s = stages.get(i);
            ObjectNode stage = profile.addObject();
            if (s instanceof LoadProfile.Ramp r) {
                stage.putObject("ramp").put("from", r.from()).put("to", r.to());
            } else if (s instanceof LoadProfile.Constant c) {
                stage.put("constant", c.rate());
            }
            if (i < stages.size() - 1 || !s.during().isZero()) {
                stage.put("during", Plans.format(s.during()));
            }
        }
        mqtt.put("freshnessShare", m.freshnessShare());
        ObjectNode rest = load.putObject("rest");
        ArrayNode requests = rest.putArray("requests");
        for (RestRequest r : plan.load().rest().requests()) {
            requests.addObject().put("name", r.name()).put("ratePerSecond", r.ratePerSecond());
        }
        rest.put("simulation", plan.load().rest().simulationClass().orElse(null));
        GeneratorsPlan gen = plan.load().generators();
        ObjectNode generators = load.putObject("generators").put("count", gen.count()).put("executor", gen.executor().label());
        gen.kubernetes().ifPresent(k -> {
            ObjectNode kube = generators.putObject("kubernetes").put("image", k.image()).put("namespace", k.namespace());
            ObjectNode selector = kube.putObject("nodeSelector");
            k.nodeSelector().forEach(selector::put);
            kube.put("controlHost", k.controlHost()).put("controlPort", k.controlPort());
        });
        plan.load().iotlab().ifPresent(i -> iotlab(load.putObject("iotlab"), i));
        ArrayNode injections = root.putArray("injections");
        for (InjectionPlan inj : plan.injections()) {
            ObjectNode o = injections.addObject();
            o.put("name", inj.name());
            o.put("at", Plans.format(inj.at()));
            ObjectNode action = o.putObject(inj.action().kindLabel());
            if (inj.action() instanceof PlannedMigration mig) {
                action.put("store", mig.store()).put("strategy", mig.strategy());
            } else if (inj.action() instanceof PlannedPlacement pl) {
                action.put("kind", pl.kind());
            }
            action.put("tenant", inj.action().tenant());
            action.put("from", inj.action().from());
            action.put("to", inj.action().to());
            ObjectNode options = action.putObject("options");
            for (Map.Entry<String, Object> e : inj.action().options().asMap().entrySet()) {
                Object v = e.getValue();
                options.set(e.getKey(), v instanceof Duration d ? f.textNode(Plans.format(d)) : JSON.valueToTree(v));
            }
        }
        for (FaultPlan fault : plan.faults()) {
            faultJson(injections.addObject(), fault);
        }
        ObjectNode windows = root.putObject("windows");
        windows.put("baseline", Plans.format(plan.windows().baseline()));
        windows.put("settle", Plans.format(plan.windows().settle()));
        windows.put("after", Plans.format(plan.windows().after()));
        ArrayNode gates = root.putArray("gates");
        for (GatePlan g : plan.gates()) {
            gates.addObject().put("expression", g.expression()).put("injection", g.scope().orElse(null));
        }
        return root;
    }

    /** A fault injection as the scenario writes it: {@code at} a time or {@code {injection, phase, offset}}. */
    private static void faultJson(ObjectNode o, FaultPlan fault) {
        o.put("name", fault.name());
        if (fault.trigger() instanceof FaultTrigger.AtTime t) {
            o.put("at", Plans.format(t.at()));
        } else if (fault.trigger() instanceof FaultTrigger.AtPhase p) {
            o.putObject("at").put("injection", p.injection()).put("phase", p.phase())
                    .put("offset", Plans.format(p.offset()));
        }
        PlannedFault f = fault.fault();
        ObjectNode action = o.putObject("fault");
        action.put("kind", f.kind().label()).put(f.kind().targetKey(), f.target()).put("for", Plans.format(f.duration()));
        f.delay().ifPresent(d -> action.put("delay", Plans.format(d)));
        f.bandwidthMbit().ifPresent(b -> action.put("bandwidthMbit", b));
    }

    /** The plan as pretty-printed JSON text, ending with a newline. */
    public static String write(BenchPlan plan) {
        return write(document(plan));
    }

    /** {@code document} as pretty-printed JSON text, ending with a newline: the bytes of {@code plan.json}. */
    public static String write(PlanDocument document) {
        try {
            return JSON.writer(PRETTY).writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise plan", e);
        }
    }

    /** {@code load.iotlab} in the scenario's own shape, so that plan.json resolves again to the same plan. */
    private static void iotlab(ObjectNode o, IotLabLoad i) {
        o.put("tenant", i.tenant());
        o.put("site", i.site());
        if (i.nodeCount() > 0) {
            o.put("nodes", i.nodeCount());
        } else if (!i.nodes().isEmpty()) {
            i.nodes().forEach(o.putArray("nodes")::add);
        }
        o.put("archi", i.archi());
        o.put("firmware", i.firmware());
        i.profile().ifPresent(p -> o.put("profile", p));
        i.experiment().ifPresent(e -> o.put("experiment", e));
        i.api().ifPresent(a -> o.put("api", a));
        i.credentials().ifPresent(c -> o.put("credentials", c));
        o.put("startTimeout", Plans.format(i.startTimeout()));
        ObjectNode bridge = o.putObject("bridge").put("kind", i.bridge().kind());
        if (i.bridge() instanceof IotLabLoad.FileBridge f) {
            bridge.put("path", f.path());
        } else if (i.bridge() instanceof IotLabLoad.TcpBridge t) {
            bridge.put("host", t.host()).put("port", t.port());
        } else if (i.bridge() instanceof IotLabLoad.SshBridge s) {
            s.login().ifPresent(l -> bridge.put("login", l));
            bridge.put("host", s.host());
        }
    }
}
