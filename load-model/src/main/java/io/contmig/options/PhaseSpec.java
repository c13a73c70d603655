package io.contmig.options;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One phase an injector announces on the timeline ({@code injection-phase} marks), declared by its factory so the
 * phases can be listed and documented before anything runs. Immutable.
 *
 * @param name the phase name as marked, e.g. {@code copy}, {@code catch-up}, {@code cutover}
 * @param doc  one line saying what happens in it
 */
public record PhaseSpec(String name, String doc) {

    /** Phase names: they appear in marks, reports and gate expressions. */
    public static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9-]{0,40}$");

    public PhaseSpec {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("phase name '" + name + "' must match " + NAME.pattern());
        }
        doc = doc == null ? "" : doc;
    }

    public static PhaseSpec of(String name, String doc) {
        return new PhaseSpec(name, doc);
    }
}
