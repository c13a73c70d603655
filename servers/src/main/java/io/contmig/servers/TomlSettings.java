package io.contmig.servers;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Sets keys in a flat TOML configuration such as {@code influxd config}'s output, keeping everything else (comments,
 * order) as it is. Immutable; every {@link #set} returns a new instance.
 */
final class TomlSettings {
    private final List<String> lines;

    TomlSettings(String text) {
        this.lines = List.of(text.split("\n", -1));
    }

    private TomlSettings(List<String> lines) {
        this.lines = List.copyOf(lines);
    }

    /**
     * Sets {@code key = value} in {@code section} ("" for the top level, {@code "http"} for {@code [http]}); the
     * value is written verbatim (quote strings yourself). Replaces the first line setting or commenting out the key
     * in that section, else inserts it right after the section header (appending the section when absent).
     */
    TomlSettings set(String section, String key, String value) {
        Pattern keyLine = Pattern.compile("^\\s*#?\\s*" + Pattern.quote(key) + "\\s*=.*$");
        List<String> out = new ArrayList<>(lines);
        String current = "";
        int headerIndex = section.isEmpty() ? -1 : Integer.MIN_VALUE;
        for (int i = 0; i < out.size(); i++) {
            String t = out.get(i).trim();
            if (t.startsWith("[")) {
                current = t.replace("[", "").replace("]", "").trim();
                if (t.startsWith("[[")) {
                    current = "[[" + current + "]]"; // array tables are never targets here
                }
                if (current.equals(section)) {
                    headerIndex = i;
                }
                continue;
            }
            if (current.equals(section) && keyLine.matcher(out.get(i)).matches()) {
                out.set(i, (section.isEmpty() ? "" : "  ") + key + " = " + value);
                return new TomlSettings(out);
            }
        }
        String line = (section.isEmpty() ? "" : "  ") + key + " = " + value;
        if (headerIndex == Integer.MIN_VALUE) {
            out.add("[" + section + "]");
            out.add(line);
        } else {
            out.add(headerIndex + 1, line);
        }
        return new TomlSettings(out);
    }

    String text() {
        return String.join("\n", lines);
    }
}
