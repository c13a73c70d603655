package io.contmig.load.iotlab;

import java.util.Objects;

/**
 * An experiment as IoT-LAB describes it ({@code GET experiments/{id}}); only what the harness uses.
 *
 * @param id    experiment id
 * @param name  its name
 * @param state OAR state: Waiting, toLaunch, Launching, Running, Finishing, Terminated, Stopped, Error, ...
 * @param nodes node count (0 when IoT-LAB did not say)
 */
public record ExperimentInfo(long id, String name, String state, int nodes) {

    public ExperimentInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
    }

    public boolean running() {
        return state.equals("Running");
    }

    /** States from which an experiment never becomes Running. */
    public boolean finished() {
        return state.equals("Terminated") || state.equals("Stopped") || state.equals("Error");
    }
}
