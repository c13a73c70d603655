package io.contmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code load.iotlab} into an {@link IotLabLoad}, reporting every problem with its path (e.g.
 * {@code load.iotlab.bridge.port: required}). Not thread-safe: one per resolve.
 */
final class IotLabReader extends NodeReader {

    private static final String P = "load.iotlab";
    private static final List<String> KEYS = List.of("tenant", "site", "nodes", "archi", "firmware", "profile",
            "experiment", "api", "credentials", "startTimeout", "bridge");
    private static final List<String> KINDS = List.of("ssh", "tcp", "file");

    IotLabReader(List<String> problems) {
        super(problems);
    }

    /** Empty when absent; null when present but invalid (its problems added). */
    Optional<IotLabLoad> iotlab(JsonNode node, List<TenantPlan> tenants) {
        if (!present(node)) {
            return Optional.empty();
        }
        int before = problems.size();
        ObjectNode o = object(node, P, KEYS);
        if (o == null) {
            return null;
        }
        List<String> known = tenants.stream().map(TenantPlan::name).toList();
        String tenant = text(o, P, "tenant").orElse(known.isEmpty() ? "" : known.get(0));
        if (!known.contains(tenant)) {
            problems.add(P + ".tenant: unknown tenant '" + tenant + "' (known: " + String.join(", ", known) + ")");
        }
        String site = required(o, P, "site");
        if (site != null && !site.matches("[a-z][a-z0-9-]*")) {
            problems.add(P + ".site: '" + site + "' is not an IoT-LAB site name (e.g. grenoble, saclay, lille)");
        }
        Optional<Long> experiment = integer(o, P, "experiment");
        if (experiment.isPresent() && experiment.get() < 1) {
            problems.add(P + ".experiment: " + experiment.get() + " must be >= 1");
        }
        int count = 0;
        List<String> nodes = new ArrayList<>();
        JsonNode n = o.get("nodes");
        if (!present(n)) {
            if (experiment.isEmpty()) {
                problems.add(P + ".nodes: required (a count, or a list of node ids like m3-7) unless experiment "
                        + "names one to attach to");
            }
        } else if (n.isArray()) {
            List<JsonNode> ids = list(n, P + ".nodes");
            if (ids.isEmpty()) {
                problems.add(P + ".nodes: an empty list (give a count or node ids like m3-7)");
            }
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i).asText();
                if (!ids.get(i).isTextual() || !id.matches("[a-z0-9]+-\\d+")) {
                    problems.add(P + ".nodes[" + i + "]: '" + id + "' is not a node id (e.g. m3-7)");
                } else {
                    nodes.add(id);
                }
            }
        } else {
            Optional<Long> c = integer(o, P, "nodes");
            if (c.isPresent() && c.get() < 1) {
                problems.add(P + ".nodes: " + c.get() + " must be >= 1");
            }
            count = c.filter(v -> v >= 1 && v <= 10_000).map(Long::intValue).orElse(0);
        }
        String archi = text(o, P, "archi").orElse(IotLabLoad.DEFAULT_ARCHI);
        if (!archi.matches("[a-z0-9]+:[a-z0-9.]+")) {
            problems.add(P + ".archi: '" + archi + "' is not an IoT-LAB architecture (e.g. m3:at86rf231)");
        }
        String firmware = storedName(o, "firmware").orElse(IotLabLoad.DEFAULT_FIRMWARE);
        Optional<String> profile = storedName(o, "profile");
        Optional<String> api = text(o, P, "api");
        if (api.isPresent() && !api.get().matches("https?://[^\\s/]+(/\\S*)?")) {
            problems.add(P + ".api: '" + api.get() + "' is not an http(s) URL");
        }
        Optional<String> credentials = text(o, P, "credentials");
        Duration startTimeout = duration(o, P, "startTimeout").orElse(IotLabLoad.DEFAULT_START_TIMEOUT);
        if (startTimeout.isZero()) {
            problems.add(P + ".startTimeout: must be > 0");
        }
        IotLabLoad.Bridge bridge = bridge(o.get("bridge"), site);
        if (problems.size() > before || site == null || bridge == null) {
            return null;
        }
        int nodeCount = count;
        return Optional.ofNullable(build(P, () -> new IotLabLoad(tenant, site, nodeCount, nodes, archi, firmware,
                profile, experiment, api.map(IotLabReader::withSlash), credentials, startTimeout, bridge)));
    }

    /** A firmware or profile name as IoT-LAB stores them; a problem when it is not one. */
    private Optional<String> storedName(ObjectNode o, String key) {
        Optional<String> name = text(o, P, key);
        if (name.isPresent() && !name.get().matches("[A-Za-z0-9_.-]+")) {
            problems.add(P + "." + key + ": '" + name.get() + "' is not a name IoT-LAB stores");
        }
        return name;
    }

    private static String withSlash(String url) {
        return URI.create(url.endsWith("/") ? url : url + "/").toString();
    }

    private IotLabLoad.Bridge bridge(JsonNode node, String site) {
        String p = P + ".bridge";
        if (!present(node)) {
            problems.add(p + ": required ({ kind: ssh | tcp | file, ... })");
            return null;
        }
        if (!node.isObject()) {
            problems.add(p + ": expected a map, got " + describe(node));
            return null;
        }
        Optional<String> kind = choice((ObjectNode) node, p, "kind", KINDS);
        if (kind.isEmpty()) {
            if (!present(node.get("kind"))) {
                problems.add(p + ".kind: required (one of: " + String.join(", ", KINDS) + ")");
            }
            return null;
        }
        return switch (kind.get()) {
            case "file" -> {
                ObjectNode o = object(node, p, List.of("kind", "path"));
                String path = required(o, p, "path");
                yield path == null ? null : new IotLabLoad.FileBridge(path);
            }
            case "tcp" -> {
                ObjectNode o = object(node, p, List.of("kind", "host", "port"));
                String host = text(o, p, "host").orElse("127.0.0.1");
                Optional<Long> port = integer(o, p, "port");
                if (port.isEmpty()) {
                    if (!present(o.get("port"))) {
                        problems.add(p + ".port: required (e.g. 20000, the port a tunnel to the frontend listens on)");
                    }
                    yield null;
                }
                if (port.get() < 1 || port.get() > 65535) {
                    problems.add(p + ".port: " + port.get() + " must be 1..65535");
                    yield null;
                }
                yield new IotLabLoad.TcpBridge(host, port.get().intValue());
            }
            default -> {
                ObjectNode o = object(node, p, List.of("kind", "login", "host"));
                Optional<String> login = text(o, p, "login");
                if (login.isPresent() && !login.get().matches("[a-z_][a-z0-9_-]*")) {
                    problems.add(p + ".login: '" + login.get() + "' is not a login name");
                    yield null;
                }
                String host = text(o, p, "host").orElse(site == null ? "" : site + ".iot-lab.info");
                yield new IotLabLoad.SshBridge(login, host);
            }
        };
    }
}
