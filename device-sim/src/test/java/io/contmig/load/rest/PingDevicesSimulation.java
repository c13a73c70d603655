package io.contmig.load.rest;

import io.gatling.javaapi.core.Simulation;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/** A user's own simulation, as a scenario would name it: records its requests through {@link RestSamples}. */
public class PingDevicesSimulation extends Simulation {

    public PingDevicesSimulation() {
        RestLoadContext context = RestLoadContext.current();
        setUp(scenario("ping")
                .exec(RestSamples.begin())
                .exec(http("ping").get("/devices/acme-dev-000001")
                        .header("Authorization", s -> "Bearer " + RestLoadContext.current().jwt())
                        .header("X-SiteWhere-Tenant-Id", "acme")
                        .check(status().is(200), RestSamples.responseTime()))
                .exec(RestSamples.end("ping", "acme"))
                .injectOpen(constantUsersPerSec(10).during(1)))
                .protocols(http.baseUrl(context.config().baseUrl().toString()));
    }
}
