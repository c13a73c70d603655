package io.contmig.plan;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Checks a gate expression's syntax while a plan is resolved, so a typo fails before anything starts.
 * Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface GateSyntax {

    /** The problem with {@code expression} (e.g. {@code at 12: expected ')'}), or empty when it parses. */
    Optional<String> problem(String expression);

    /** Accepts every expression (syntax checked later, by whoever evaluates the gates). */
    GateSyntax UNCHECKED = expression -> Optional.empty();

    /**
     * The gate parser {@code io.contmig.gate.Gate.parse(String)} when it is on the classpath (its exception's
     * message is the problem), else {@link #UNCHECKED}. Looked up reflectively so that this package does not
     * depend on the gate package at compile time.
     */
    static GateSyntax fromClasspath() {
        Method parse;
        try {
            parse = Class.forName("io.contmig.gate.Gate").getMethod("parse", String.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            return UNCHECKED;
        }
        return expression -> {
            try {
                parse.invoke(null, expression);
                return Optional.empty();
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause();
                if (cause.getClass().getName().equals("io.contmig.gate.GateSyntaxException")) {
                    return Optional.of(cause.getMessage());
                }
                return Optional.of("cannot be parsed: " + cause);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot call io.contmig.gate.Gate.parse", e);
            }
        };
    }
}
