package io.contmig.report;

import io.contmig.gate.GateInputs;
import io.contmig.gate.Reading;
import io.contmig.plan.PlanDocument;
import io.contmig.record.RunRecord;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The baseline run that gates such as {@code p99(mqtt.e2e, during) <= 1.1 * baseline.p99(mqtt.e2e, during)} read:
 * its record analysed by the same rules as the run judged (windows under the baseline's own plan, statistics,
 * downtime, verification), so {@code baseline.X} is exactly what {@code X} was in that run. A baseline quantity of
 * injection {@code i} reads the baseline's injection of the same name; a baseline without that injection, or without
 * the data, reads as missing with the baseline's name and what it lacks, so the gate is UNKNOWN, never PASS.
 *
 * <p>Immutable after {@link #analyze}; safe to share between threads for reading.
 */
public final class BaselineRun {

    /** The key of {@link RunReport#conditions} that names the baseline a run was judged with. */
    public static final String CONDITION = "gateBaseline";

    private final Path directory;
    private final Map<String, GateInputs> injections;

    private BaselineRun(Path directory, Map<String, GateInputs> injections) {
        this.directory = directory;
        this.injections = injections;
    }

    /**
     * Analyses the baseline's record (its {@code timeline.jsonl}, {@code latency.hlog}, {@code plan.json} and
     * {@code verification/}).
     *
     * @throws IOException when the record cannot be read or is malformed (the message names the file)
     */
    public static BaselineRun analyze(RunRecord record) throws IOException {
        Objects.requireNonNull(record, "record");
        PlanDocument plan = Reports.plan(record);
        RecordAnalysis.Measured measured = new RecordAnalysis(record, plan, Reports.policy(plan, record), null).measure();
        Map<String, GateInputs> injections = new LinkedHashMap<>();
        for (InjectionTrack inj : measured.injections()) {
            injections.put(inj.name, new InjectionInputs(inj, measured.downtime(), measured.runEndMs(),
                    GateInputs.NO_BASELINE));
        }
        return new BaselineRun(record.directory().toAbsolutePath().normalize(), Map.copyOf(injections));
    }

    /** The baseline's run directory, absolute. */
    public Path directory() {
        return directory;
    }

    /** The baseline's quantities of the injection named {@code name}; what is missing names the baseline. */
    GateInputs injection(String name) {
        String label = "baseline " + directory.getFileName();
        GateInputs inputs = injections.get(name);
        if (inputs == null) {
            return quantity -> Reading.missing(label + " has no injection '" + name + "'");
        }
        return quantity -> {
            Reading r = inputs.read(quantity);
            return r.known() ? r : Reading.missing(label + ": " + r.missing());
        };
    }
}
