package io.contmig.plan;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One scheduled injection.
 *
 * @param name   unique in the plan; names the timeline marks and {@code verification/<name>.json}, hence {@link #NAME}
 * @param at     when it starts, since t=0
 * @param action what it does
 */
public record InjectionPlan(String name, Duration at, InjectionAction action) {

    /** Injection names: they become file names. */
    public static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,62}$");

    public InjectionPlan {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("injection name '" + name + "' must match " + NAME.pattern());
        }
        Plans.requireNonNegative("at", at);
        Objects.requireNonNull(action, "action");
    }
}
