package io.contmig.load.rest;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * The built-in REST load, one open-model scenario per request kind of {@link RestLoadContext#current()}:
 * <ul>
 *   <li>{@code listMeasurements} — {@code GET /assignments/{a}/measurements?page=1&pageSize=..&startDate=..&endDate=..}
 *       of a random assignment of a random tenant, the last {@code listWindow} of events;</li>
 *   <li>{@code postMeasurement} — {@code POST /assignments/{a}/measurements} with a seeded value;</li>
 *   <li>{@code getDevice} — {@code GET /devices/{token}} of a random device;</li>
 *   <li>{@code updateDevice} — {@code PUT /devices/{token}} of a random device: new {@code comments} and
 *       {@code metadata} (a write of the device registry in PostgreSQL, as SiteWhere's admin UI does);</li>
 *   <li>{@code createAssignment} — {@code POST /assignments} of a new assignment of a random spare device, then
 *       {@code POST /assignments/{token}/end}: one sample covers both (intended start → ended);</li>
 *   <li>{@code listAssignments} — {@code GET /assignments?deviceToken=..&page=1&pageSize=..} of a random device.</li>
 * </ul>
 * Users arrive at {@code constantUsersPerSec(rate).during(duration)}, each sends one request, and its timing is
 * recorded as {@code rest.<name>} (and {@code @tenant}) by {@link RestSamples}. Headers: {@code Authorization:
 * Bearer <jwt>} and {@code X-SiteWhere-Tenant-Id}. Instantiated by Gatling; not for direct use.
 */
public final class SiteWhereRestSimulation extends Simulation {

    private static final String TENANT = "contmig.tenant";
    private static final String ASSIGNMENT = "contmig.assignment";
    private static final String DEVICE = "contmig.device";
    private static final String VALUE = "contmig.value";
    private static final String SPARE = "contmig.spareDevice";
    private static final String NEW_ASSIGNMENT = "contmig.newAssignment";

    public SiteWhereRestSimulation() {
        RestLoadContext context = RestLoadContext.current();
        RestLoadConfig config = context.config();
        HttpProtocolBuilder protocol = http.baseUrl(config.baseUrl().toString())
                .acceptHeader("application/json")
                .contentTypeHeader("application/json")
                .shareConnections()
                .disableCaching();
        List<PopulationBuilder> populations = new ArrayList<>();
        int stream = 0;
        for (RestRate rate : config.rates()) {
            Iterator<Map<String, Object>> feeder = new TargetFeeder(config, config.seed() ^ (0x9E3779B97F4A7C15L * ++stream));
            ScenarioBuilder scenario = scenario(rate.name())
                    .feed(feeder)
                    .exec(RestSamples.begin())
                    .exec(request(rate.name(), config))
                    .exec(RestSamples.endForSessionTenant(rate.name(), TENANT));
            populations.add(scenario.injectOpen(constantUsersPerSec(rate.ratePerSecond()).during(config.duration())));
        }
        setUp(populations).protocols(protocol);
    }

    private static ChainBuilder request(String name, RestLoadConfig config) {
        if (name.equals("createAssignment")) {
            // Created, then ended at once: the device keeps one active assignment between samples.
            return authorized(http(name).post("/assignments")
                    .body(StringBody(s -> "{\"token\":\"" + s.getString(NEW_ASSIGNMENT) + "\",\"deviceToken\":\""
                            + s.getString(SPARE) + "\",\"metadata\":{\"contmig\":\"createAssignment\"}}")))
                    .exec(authorized(http(name + ".end")
                            .post(s -> "/assignments/" + s.getString(NEW_ASSIGNMENT) + "/end")));
        }
        HttpRequestActionBuilder request;
        switch (name) {
            case "listMeasurements" -> request = http(name)
                    .get(s -> "/assignments/" + s.getString(ASSIGNMENT) + "/measurements")
                    .queryParam("page", "1")
                    .queryParam("pageSize", Integer.toString(config.pageSize()))
                    .queryParam("startDate", s -> iso(Instant.now().minus(config.listWindow())))
                    .queryParam("endDate", s -> iso(Instant.now()));
            case "postMeasurement" -> request = http(name)
                    .post(s -> "/assignments/" + s.getString(ASSIGNMENT) + "/measurements")
                    .body(StringBody(s -> "{\"name\":\"rest.temp\",\"value\":" + s.getString(VALUE)
                            + ",\"eventDate\":" + System.currentTimeMillis() + ",\"metadata\":{}}"));
            case "getDevice" -> request = http(name).get(s -> "/devices/" + s.getString(DEVICE));
            case "updateDevice" -> request = http(name).put(s -> "/devices/" + s.getString(DEVICE))
                    .body(StringBody(s -> "{\"comments\":\"contmig update " + s.getString(VALUE)
                            + "\",\"metadata\":{\"contmig.value\":\"" + s.getString(VALUE) + "\"}}"));
            case "listAssignments" -> request = http(name).get("/assignments")
                    .queryParam("deviceToken", s -> s.getString(DEVICE))
                    .queryParam("page", "1")
                    .queryParam("pageSize", Integer.toString(config.pageSize()));
            default -> throw new IllegalArgumentException("unknown REST request '" + name + "'");
        }
        return authorized(request);
    }

    /** The request with SiteWhere's headers and the checks every built-in request has. */
    private static ChainBuilder authorized(HttpRequestActionBuilder request) {
        return exec(request
                .header("Authorization", s -> "Bearer " + RestLoadContext.current().jwt())
                .header("X-SiteWhere-Tenant-Id", s -> s.getString(TENANT))
                .check(status().is(200), RestSamples.responseTime()));
    }

    private static String iso(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    /**
     * An endless, seeded feeder of (tenant, assignment, device, value, spare device, new assignment token);
     * synchronized for Gatling's threads. New assignment tokens are random UUIDs, not seeded: a warm sandbox that
     * serves several trials of a study keeps the tokens of earlier ones.
     */
    private static final class TargetFeeder implements Iterator<Map<String, Object>> {
        private final List<RestTargets> tenants;
        private final SplittableRandom random;

        TargetFeeder(RestLoadConfig config, long seed) {
            this.tenants = config.tenants();
            this.random = new SplittableRandom(seed);
        }

        @Override
        public boolean hasNext() {
            return true;
        }

        @Override
        public synchronized Map<String, Object> next() {
            RestTargets t = tenants.get(random.nextInt(tenants.size()));
            Map<String, Object> row = new HashMap<>();
            row.put(TENANT, t.tenant());
            row.put(ASSIGNMENT, t.assignmentTokens().get(random.nextInt(t.assignmentTokens().size())));
            row.put(DEVICE, t.deviceTokens().get(random.nextInt(t.deviceTokens().size())));
            row.put(VALUE, Long.toString(random.nextLong(1000, 4000) / 100) + "." + random.nextInt(10));
            if (!t.spareDeviceTokens().isEmpty()) {
                row.put(SPARE, t.spareDeviceTokens().get(random.nextInt(t.spareDeviceTokens().size())));
            }
            row.put(NEW_ASSIGNMENT, "contmig-asg-" + UUID.randomUUID());
            return row;
        }
    }
}
