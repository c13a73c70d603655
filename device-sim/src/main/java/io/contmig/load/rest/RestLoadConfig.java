package io.contmig.load.rest;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The REST load of a run. Immutable.
 *
 * @param baseUrl        SiteWhere's API root ({@code .../sitewhere/api})
 * @param rates          built-in request kinds and rates; ignored when a user simulation runs
 * @param duration       how long arrivals last
 * @param tenants        per tenant, what requests read and write
 * @param seed           seeds the choice of tenant, assignment, device and posted values
 * @param listWindow     {@code listMeasurements} asks for events of the last {@code listWindow} ({@code startDate})
 * @param pageSize       page size of {@code listMeasurements}
 * @param userSimulation a user's Gatling simulation class run instead of the built-in one, or empty
 * @param resultsDir     where Gatling writes its results and HTML report
 */
public record RestLoadConfig(URI baseUrl, List<RestRate> rates, Duration duration, List<RestTargets> tenants,
                             long seed, Duration listWindow, int pageSize, Optional<String> userSimulation,
                             Path resultsDir) {

    public RestLoadConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        rates = List.copyOf(rates);
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration (" + duration + ") must be > 0");
        }
        tenants = List.copyOf(tenants);
        if (tenants.isEmpty()) {
            throw new IllegalArgumentException("tenants must not be empty");
        }
        if (rates.stream().anyMatch(r -> r.name().equals("createAssignment"))) {
            for (RestTargets t : tenants) {
                if (t.spareDeviceTokens().isEmpty()) {
                    throw new IllegalArgumentException("rest.createAssignment: tenant " + t.tenant()
                            + " has no spare device (a device that publishes no events) to assign");
                }
            }
        }
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize (" + pageSize + ") must be >= 1");
        }
        Objects.requireNonNull(userSimulation, "userSimulation");
        Objects.requireNonNull(resultsDir, "resultsDir");
    }

    /** Defaults: seed 42, last hour of measurements, pages of 20, the built-in simulation. */
    public static RestLoadConfig of(URI baseUrl, List<RestRate> rates, Duration duration, List<RestTargets> tenants,
                                    Path resultsDir) {
        return new RestLoadConfig(baseUrl, rates, duration, tenants, 42, Duration.ofHours(1), 20, Optional.empty(),
                resultsDir);
    }

    public RestLoadConfig withUserSimulation(String className) {
        return new RestLoadConfig(baseUrl, rates, duration, tenants, seed, listWindow, pageSize,
                Optional.of(className), resultsDir);
    }

    public RestLoadConfig withSeed(long newSeed) {
        return new RestLoadConfig(baseUrl, rates, duration, tenants, newSeed, listWindow, pageSize, userSimulation,
                resultsDir);
    }
}
