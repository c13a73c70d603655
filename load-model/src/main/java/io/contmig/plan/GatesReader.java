package io.contmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the {@code gates} section: expressions (checked with the {@link GateSyntax}) and the injection each is
 * scoped to. Not thread-safe: one per resolve.
 */
final class GatesReader extends NodeReader {

    private final GateSyntax gateSyntax;

    GatesReader(List<String> problems, GateSyntax gateSyntax) {
        super(problems);
        this.gateSyntax = gateSyntax;
    }

    /** The gates; a gate's {@code injection} scope may name a migration, a placement or a fault. */
    List<GatePlan> gates(JsonNode node, List<InjectionPlan> injections, List<FaultPlan> faults) {
        List<GatePlan> gates = new ArrayList<>();
        List<JsonNode> elements = present(node) ? list(node, "gates") : List.of();
        List<String> names = new ArrayList<>(injections.stream().map(InjectionPlan::name).toList());
        faults.forEach(f -> names.add(f.name()));
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
}
