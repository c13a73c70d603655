package io.contmig.inject;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one injection does, as its injector sees it. Immutable; validated so that injectors can put the tenant into
 * identifiers (still quoted) without further checks.
 *
 * @param name   the injection's name (timeline marks, {@code verification/<name>.json}); {@link #NAME}
 * @param alias  the injector alias, {@code <store>/<strategy>} or {@code placement/<kind>}
 * @param tenant the tenant moved; {@link #TENANT}
 * @param from   the site the tenant's moved part is on when the injection starts
 * @param to     the site it moves to
 */
public record InjectionSpec(String name, String alias, String tenant, String from, String to) {

    /** Tenant names: they become database, topic and schema names. */
    public static final Pattern TENANT = Pattern.compile("^[a-z][a-z0-9_]{0,30}$");
    /** Injection names: they become file names. */
    public static final Pattern NAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,62}$");
    private static final Pattern ALIAS = Pattern.compile("^[a-z0-9]+/[a-z0-9-]+$");
    private static final Pattern SITE = Pattern.compile("^[a-z][a-z0-9_-]{0,30}$");

    public InjectionSpec {
        require("name", name, NAME);
        require("alias", alias, ALIAS);
        require("tenant", tenant, TENANT);
        require("from", from, SITE);
        require("to", to, SITE);
        if (from.equals(to)) {
            throw new IllegalArgumentException("injection '" + name + "': from and to are both '" + to + "'");
        }
    }

    private static void require(String field, String value, Pattern pattern) {
        Objects.requireNonNull(value, field);
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " '" + value + "' must match " + pattern.pattern());
        }
    }

    /** The part of the alias before the slash: a store label or {@code placement}. */
    public String aliasGroup() {
        return alias.substring(0, alias.indexOf('/'));
    }

    /** The part of the alias after the slash: a strategy or a placement kind. */
    public String aliasMechanism() {
        return alias.substring(alias.indexOf('/') + 1);
    }
}
