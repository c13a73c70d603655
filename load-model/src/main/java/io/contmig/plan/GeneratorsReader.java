package io.contmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads {@code load.generators}; see {@link GeneratorsPlan}. Not thread-safe: one per resolve. */
final class GeneratorsReader extends NodeReader {

    private static final String PATH = "load.generators";
    private static final List<String> EXECUTORS = List.of("local", "kubernetes");

    GeneratorsReader(List<String> problems) {
        super(problems);
    }

    /** The generators, {@link GeneratorsPlan#IN_PROCESS} when absent, null when invalid (problems added). */
    GeneratorsPlan generators(JsonNode node) {
        if (!present(node)) {
            return GeneratorsPlan.IN_PROCESS;
        }
        int before = problems.size();
        ObjectNode o = object(node, PATH, List.of("count", "executor", "kubernetes"));
        if (o == null) {
            return null;
        }
        long count = integer(o, PATH, "count").orElse(1L);
        if (count < 1 || count > 1000) {
            problems.add(PATH + ".count: " + count + " must be within [1, 1000]");
        }
        GeneratorsPlan.Executor executor = choice(o, PATH, "executor", EXECUTORS)
                .map(l -> l.equals("kubernetes") ? GeneratorsPlan.Executor.KUBERNETES : GeneratorsPlan.Executor.LOCAL)
                .orElse(GeneratorsPlan.Executor.LOCAL);
        Optional<GeneratorsPlan.KubernetesGenerators> kubernetes = Optional.empty();
        if (executor == GeneratorsPlan.Executor.KUBERNETES) {
            kubernetes = Optional.ofNullable(kubernetes(o.get("kubernetes")));
        } else if (present(o.get("kubernetes")) && !present(o.get("executor"))) {
            problems.add(PATH + ".kubernetes: set only with executor: kubernetes (executor defaults to local)");
        } else if (present(o.get("kubernetes"))) {
            problems.add(PATH + ".kubernetes: set only with executor: kubernetes (executor is local)");
        }
        if (problems.size() > before) {
            return null;
        }
        Optional<GeneratorsPlan.KubernetesGenerators> k = kubernetes;
        return build(PATH, () -> new GeneratorsPlan((int) count, executor, k));
    }

    private GeneratorsPlan.KubernetesGenerators kubernetes(JsonNode node) {
        String p = PATH + ".kubernetes";
        if (!present(node)) {
            problems.add(p + ": required with executor: kubernetes (image, controlHost; namespace, nodeSelector,"
                    + " controlPort optional)");
            return null;
        }
        ObjectNode o = object(node, p, List.of("image", "namespace", "nodeSelector", "controlHost", "controlPort"));
        if (o == null) {
            return null;
        }
        int before = problems.size();
        String image = required(o, p, "image");
        String controlHost = required(o, p, "controlHost");
        String namespace = text(o, p, "namespace").orElse("default");
        if (!GeneratorsPlan.KubernetesGenerators.DNS_LABEL.matcher(namespace).matches()) {
            problems.add(p + ".namespace: '" + namespace + "' is not a DNS-1123 label (lower-case letters, digits,"
                    + " '-'; at most 63)");
        }
        long port = integer(o, p, "controlPort").orElse(0L);
        if (port < 0 || port > 65535) {
            problems.add(p + ".controlPort: " + port + " must be within [0, 65535]");
        }
        Map<String, String> selector = new LinkedHashMap<>();
        ObjectNode s = object(o.get("nodeSelector"), p + ".nodeSelector", List.copyOf(fieldNames(o.get("nodeSelector"))));
        if (s != null) {
            s.fieldNames().forEachRemaining(key -> {
                JsonNode v = s.get(key);
                if (!v.isValueNode() || v.isNull()) {
                    problems.add(p + ".nodeSelector." + key + ": expected a string, got " + describe(v));
                } else {
                    selector.put(key, v.asText());
                }
            });
        }
        if (problems.size() > before) {
            return null;
        }
        return build(p, () -> new GeneratorsPlan.KubernetesGenerators(image, namespace, selector, controlHost,
                (int) port));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        if (node != null && node.isObject()) {
            node.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }
}
