package io.contmig.inject.kafka;

import io.contmig.inject.InjectionContext;
import io.contmig.inject.InjectionSpec;
import io.contmig.record.MarkKind;
import io.contmig.record.Timeline;
import io.contmig.target.TenantRouting;

import java.nio.file.Path;
import java.util.Map;

/** An {@link InjectionContext} for calling one injector method directly in a test (e.g. a second heal). */
record FixedContext(InjectionSpec spec, TenantRouting routing, Timeline timeline, Path workDir)
        implements InjectionContext {

    @Override
    public void phase(String phase) {
        timeline.mark(MarkKind.INJECTION_PHASE, spec.name(), Map.of("injection", spec.name(), "phase", phase));
    }
}
