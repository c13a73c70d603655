package io.contmig.inject;

import io.contmig.record.MarkKind;
import io.contmig.record.Timeline;
import io.contmig.target.TenantRouting;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link InjectionContext} for calling one injector method directly in a test (a prepare alone, a second heal):
 * phases are written to {@code timeline} as {@link InjectionRunner} writes them and also collected, in order, in
 * {@link #phases()}. Thread-safe.
 */
public record RecordingContext(InjectionSpec spec, TenantRouting routing, Timeline timeline, Path workDir,
                               List<String> phases) implements InjectionContext {

    public RecordingContext(InjectionSpec spec, TenantRouting routing, Timeline timeline, Path workDir) {
        this(spec, routing, timeline, workDir, new CopyOnWriteArrayList<>());
    }

    @Override
    public void phase(String phase) {
        phases.add(phase);
        timeline.mark(MarkKind.INJECTION_PHASE, spec.name(), Map.of("injection", spec.name(), "phase", phase));
    }
}
