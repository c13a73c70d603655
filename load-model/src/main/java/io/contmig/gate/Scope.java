package io.contmig.gate;

import java.util.Objects;

/**
 * Which tenants' samples a gate function reads: all of them (the plain tag {@code <op>}), one named tenant
 * ({@code <op>@acme}), the tenant being moved by the injection ({@code <op>@migrated}) or every other tenant
 * ({@code <op>@colocated}).
 *
 * @param kind   which group
 * @param tenant the tenant's name for {@link Kind#TENANT}, {@code ""} otherwise
 */
public record Scope(Kind kind, String tenant) {

    /** The tenant groups a gate can name. */
    public enum Kind { ALL, TENANT, MIGRATED, COLOCATED }

    public static final Scope ALL = new Scope(Kind.ALL, "");
    public static final Scope MIGRATED = new Scope(Kind.MIGRATED, "");
    public static final Scope COLOCATED = new Scope(Kind.COLOCATED, "");

    public Scope {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(tenant, "tenant");
        if ((kind == Kind.TENANT) == tenant.isEmpty()) {
            throw new IllegalArgumentException("tenant ('" + tenant + "') must be given exactly for kind TENANT, kind is " + kind);
        }
    }

    /** One named tenant. */
    public static Scope tenant(String name) {
        return new Scope(Kind.TENANT, name);
    }

    /** The suffix as written after the operation: {@code ""}, {@code @acme}, {@code @migrated}, {@code @colocated}. */
    public String suffix() {
        switch (kind) {
            case ALL: return "";
            case TENANT: return "@" + tenant;
            case MIGRATED: return "@migrated";
            case COLOCATED: return "@colocated";
            default: throw new AssertionError(kind);
        }
    }
}
