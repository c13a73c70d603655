package io.contmig.report;

import java.io.IOException;
import java.io.Writer;

/**
 * Renders a {@link RunReport} in one format to a caller-supplied writer (which the renderer neither flushes
 * nor closes). Implementations are stateless and thread-safe, deterministic (the same report gives the same
 * characters, whatever the default locale or time zone), and propagate the writer's {@link IOException}.
 */
@FunctionalInterface
public interface ReportRenderer {
    void render(RunReport report, Writer out) throws IOException;
}
