package io.contmig.testkit;

/**
 * The failure a test injects into code under test (e.g. thrown by a phase listener, see {@link Marks#onPhase}),
 * distinguishable from real failures by its type and its message {@code injected fault at <where>}.
 */
public final class InjectedFault extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InjectedFault(String where) {
        super("injected fault at " + where);
    }
}
