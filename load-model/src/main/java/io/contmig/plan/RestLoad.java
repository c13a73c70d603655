package io.contmig.plan;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The API load.
 *
 * @param requests   the built-in request kinds and their rates; empty for none
 * @param simulation fully qualified class name of the user's own Gatling simulation, or {@code ""} for none
 */
public record RestLoad(List<RestRequest> requests, String simulation) {

    public RestLoad {
        requests = List.copyOf(requests);
        Objects.requireNonNull(simulation, "simulation");
    }

    /** The user's simulation class, if one is set. */
    public Optional<String> simulationClass() {
        return simulation.isEmpty() ? Optional.empty() : Optional.of(simulation);
    }
}
