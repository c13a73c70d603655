package io.contmig.runner.study;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One cell of a study: a name and the scenario overrides that make it ({@code path → value text}, paths as in
 * {@code -Dcontmig.<path>=<value>}, values read as YAML by the plan resolver). Immutable; keeps the order written.
 *
 * @param name the cell's name (unique in its study; part of each trial's run id)
 * @param set  override path → value
 */
public record StudyCell(String name, Map<String, String> set) {

    public StudyCell {
        Objects.requireNonNull(name, "name");
        set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
    }
}
