package io.contmig.runner;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Run ids: {@code <UTC timestamp>-<run name>}, e.g. {@code 2026-11-28T10-00-00Z-default-study}; sortable by time. */
final class RunIds {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC);

    private RunIds() {
    }

    static String next(String runName) {
        return FORMAT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS)) + "-" + runName;
    }
}
