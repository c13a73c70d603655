package io.contmig.plan;

import io.contmig.gate.Gate;
import io.contmig.gate.GateSyntaxException;

import java.util.Optional;

/**
 * Checks a gate expression's syntax while a plan is resolved, so a typo fails before anything starts.
 * Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface GateSyntax {

    /** The problem with {@code expression} (e.g. {@code at position 4: expected ...}), or empty when it parses. */
    Optional<String> problem(String expression);

    /** Accepts every expression (syntax checked later, by whoever evaluates the gates); for tests. */
    GateSyntax UNCHECKED = expression -> Optional.empty();

    /** contmig's gate grammar: {@link Gate#parse}; the problem is its {@link GateSyntaxException}'s message. */
    GateSyntax PARSER = expression -> {
        try {
            Gate.parse(expression);
            return Optional.empty();
        } catch (GateSyntaxException e) {
            return Optional.of(e.getMessage());
        }
    };

    /** The gate grammar used by {@link PlanResolver#standard}: {@link #PARSER}. */
    static GateSyntax fromClasspath() {
        return PARSER;
    }
}
