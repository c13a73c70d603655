package io.contmig.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The human-readable form of a plan printed by {@code contmig:plan}. Stateless. */
final class PlanDescription {

    private PlanDescription() {
    }

    static String describe(BenchPlan plan) {
        StringBuilder out = new StringBuilder();
        line(out, "plan %s: seed %d, duration %s, target %s", plan.name(), plan.seed(), Plans.format(plan.duration()),
                plan.target().label());
        if (plan.target() instanceof SandboxTarget sandbox) {
            WanDelays w = sandbox.wan();
            line(out, "sites: %s; kafka %s; WAN one-way: devices-edge %s, devices-cloud %s, edge-cloud %s, bandwidth %s",
                    String.join(", ", sandbox.sites()), sandbox.kafka(), Plans.format(w.devicesToEdge()),
                    Plans.format(w.devicesToCloud()), Plans.format(w.edgeToCloud()),
                    w.bandwidthMbit() == 0 ? "unlimited" : Plans.number(w.bandwidthMbit()) + " Mbit/s");
        } else if (plan.target() instanceof SiteWhereTarget sw) {
            line(out, "sites: %s; REST %s; MQTT %s", String.join(", ", sw.sites()), sw.restBaseUrl(),
                    sw.mqttUrl());
        }
        line(out, "tenants:");
        for (TenantPlan t : plan.tenants()) {
            line(out, "  %-12s on %-6s %d devices", t.name(), t.site(), t.devices());
        }
        MqttLoad m = plan.load().mqtt();
        line(out, "load:");
        line(out, "  mqtt: %s events/s per device, qos %d, %s arrivals, %s connections (%s), mix %s",
                Plans.number(m.ratePerDevice()), m.qos(), m.arrivals().label(), m.connections().label(),
                m.client().label(),
                m.mix().entrySet().stream().map(e -> e.getKey() + " " + Plans.number(e.getValue()))
                        .collect(Collectors.joining(", ")));
        line(out, "        profile (x ratePerDevice): %s", m.profile().describe());
        double expected = m.ratePerDevicePerSecond().expectedCount(plan.duration()) * plan.deviceCount();
        line(out, "        about %s events from %d devices over %s", String.format(Locale.ROOT, "%.0f", expected),
                plan.deviceCount(), Plans.format(plan.duration()));
        RestLoad rest = plan.load().rest();
        List<String> requests = new ArrayList<>();
        rest.requests().forEach(r -> requests.add(r.name() + " " + Plans.number(r.ratePerSecond()) + "/s"));
        rest.simulationClass().ifPresent(s -> requests.add("simulation " + s));
        line(out, "  rest: %s", requests.isEmpty() ? "none" : String.join(", ", requests));
        GeneratorsPlan gen = plan.load().generators();
        line(out, "  generators: %s", !gen.forked() ? "1, in the runner's JVM"
                : gen.count() + " " + gen.executor().label() + gen.kubernetes().map(k -> " (Job in namespace " + k.namespace()
                + ", image " + k.image() + ")").orElse(" child JVMs") + "; device i and REST kind k on generator i mod "
                + gen.count() + ", k mod " + gen.count());
        plan.load().iotlab().ifPresent(i -> line(out, "  iotlab: %s at %s for tenant %s, serial lines over %s",
                i.experiment().map(e -> "experiment " + e + " (attached)")
                        .orElse((i.nodeCount() > 0 ? i.nodeCount() + " " + i.archi() + " node(s)" : "nodes " + i.nodes())
                                + ", firmware " + i.firmware() + i.profile().map(p -> ", profile " + p).orElse("")),
                i.site(), i.tenant(), i.bridge().kind()));
        WindowPolicy w = plan.windows();
        line(out, "windows: baseline %s before each injection; after %s, starting %s after it ends",
                Plans.format(w.baseline()), Plans.format(w.after()), Plans.format(w.settle()));
        line(out, "schedule:");
        if (plan.injections().isEmpty() && plan.faults().isEmpty()) {
            line(out, "  (no injections: a baseline-only run)");
        } else {
            line(out, "  %8s  %-24s %-32s %-10s %-15s %s", "t", "injection", "alias", "tenant", "from -> to",
                    "before window");
        }
        Duration previous = null;
        for (InjectionPlan inj : plan.injections()) {
            InjectionAction a = inj.action();
            Duration beforeStart = inj.at().minus(w.baseline());
            if (beforeStart.isNegative()) {
                beforeStart = Duration.ZERO;
            }
            line(out, "  %8s  %-24s %-32s %-10s %-15s %s..%s", Plans.format(inj.at()), inj.name(), a.alias(),
                    a.tenant(), a.from() + " -> " + a.to(), Plans.format(beforeStart), Plans.format(inj.at()));
            Map<String, Object> options = a.options().asMap();
            if (!options.isEmpty()) {
                line(out, "  %8s  options: %s", "", options.entrySet().stream()
                        .map(e -> e.getKey() + "=" + (e.getValue() instanceof Duration d ? Plans.format(d) : e.getValue()))
                        .collect(Collectors.joining(", ")));
            }
            if (previous != null) {
                Duration gap = inj.at().minus(previous);
                Duration needed = w.settle().plus(w.after()).plus(w.baseline());
                if (gap.compareTo(needed) < 0) {
                    line(out, "  %8s  note: only %s after the previous injection's start; its after window and this "
                            + "before window (%s together with settle) overlap unless it ends at once", "",
                            Plans.format(gap), Plans.format(needed));
                }
            }
            previous = inj.at();
        }
        for (FaultPlan fault : plan.faults()) {
            PlannedFault f = fault.fault();
            line(out, "  %8s  %-24s %-32s %s for %s%s", fault.trigger().describe(), fault.name(),
                    "fault/" + f.kind().label(), f.target(), Plans.format(f.duration()),
                    f.delay().map(d -> ", delay " + Plans.format(d)).orElse("")
                            + f.bandwidthMbit().map(b -> ", " + Plans.number(b) + " Mbit/s").orElse(""));
        }
        line(out, "gates:");
        if (plan.gates().isEmpty()) {
            line(out, "  (none)");
        }
        for (GatePlan g : plan.gates()) {
            line(out, "  %s%s", g.expression(), g.scope().map(s -> "   [injection " + s + "]").orElse("   [every injection]"));
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
