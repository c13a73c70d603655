package io.contmig.plan;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One tenant of the run.
 *
 * @param name    becomes part of database, topic and tag names, hence {@link #NAME}
 * @param site    the site where all its stores and its pipeline stage start
 * @param devices how many simulated devices publish for it
 */
public record TenantPlan(String name, String site, int devices) {

    /** Tenant names: they end up in SQL identifiers ({@code tenant_<name>}), so nothing but this. */
    public static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_]{0,30}$");

    public TenantPlan {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("tenant name '" + name + "' must match " + NAME.pattern());
        }
        Plans.requireText("site", site);
        if (devices < 0) {
            throw new IllegalArgumentException("devices (" + devices + ") must be >= 0");
        }
    }
}
