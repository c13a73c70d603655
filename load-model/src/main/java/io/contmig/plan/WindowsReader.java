package io.contmig.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;

/** Reads the {@code windows} section (baseline, settle, after). Not thread-safe: one per resolve. */
final class WindowsReader extends NodeReader {

    private final Defaults defaults;

    WindowsReader(List<String> problems, Defaults defaults) {
        super(problems);
        this.defaults = defaults;
    }

    WindowPolicy windows(JsonNode node) {
        WindowPolicy d = defaults.windows();
        ObjectNode w = object(node, "windows", List.of("baseline", "settle", "after"));
        if (w == null) {
            return present(node) ? null : d;
        }
        Duration baseline = duration(w, "windows", "baseline").orElse(d.baseline());
        Duration settle = duration(w, "windows", "settle").orElse(d.settle());
        Duration after = duration(w, "windows", "after").orElse(d.after());
        return new WindowPolicy(baseline, settle, after);
    }
}
