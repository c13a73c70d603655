package io.contmig.sandbox.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.contmig.sandbox.devices.TestSites;
import io.contmig.sandbox.routing.SandboxRouting;
import io.contmig.sandbox.routing.SiteAddresses;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * REST conformance of the sandbox's SiteWhere API against real PostgreSQL and InfluxDB servers (two sites, so that
 * routing switches and dual writes can be seen): auth, status codes, error bodies, paging, date filters, entity
 * shapes, blocked writes and tenant creation.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SiteWhereRestServerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static TestSites sites;
    private static TestRouting routing;
    private static SiteWhereRestServer server;
    private static final AtomicReference<Instant> NOW = new AtomicReference<>(Instant.now());
    private static final List<PersistedEvent> OUTBOUND = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        sites = TestSites.start("rest-api", "cloud", "edge");
        routing = new TestRouting(sites, List.of("cloud", "edge"));
        sites.createTenant("cloud", "default");
        routing.addTenant("default", "cloud");
        TenantStores tenantStores = tenant -> {
            sites.createTenant("cloud", tenant);
            routing.addTenant(tenant, "cloud");
        };
        Clock clock = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return NOW.get();
            }
        };
        server = SiteWhereRestServer.start(SiteWhereRestServer.Config.of(routing, routing, OUTBOUND::add,
                tenantStores).withClock(clock).withThreads(4));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        sites.close();
    }

    // ------------------------------------------------------------------------------------------------ auth

    @Test
    void loginWithBasicAdminPasswordReturnsTheUserAndAJwtHeader() throws Exception {
        HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(server.authUrl()))
                .header("Authorization", basic("admin", "password")).GET());
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(login.body()).path("username").asText()).isEqualTo("admin");
        String jwt = login.headers().firstValue("X-Sitewhere-JWT").orElseThrow();
        assertThat(jwt.split("\\.")).hasSize(3);
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        assertThat(claims.path("preferred_username").asText()).isEqualTo("admin");
        assertThat(claims.path("exp").asLong() - claims.path("iat").asLong()).isEqualTo(300);
    }

    @Test
    void badOrMissingBasicCredentialsAre401() throws Exception {
        assertThat(send(HttpRequest.newBuilder(URI.create(server.authUrl()))
                .header("Authorization", basic("admin", "wrong")).GET()).statusCode()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(URI.create(server.authUrl()))
                .header("Authorization", basic("nobody", "password")).GET()).statusCode()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(URI.create(server.authUrl())).GET()).statusCode()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(URI.create(server.authUrl()))
                .header("Authorization", "Basic !!!notbase64").GET()).statusCode()).isEqualTo(401);
    }

    @Test
    void apiNeedsABearerTokenNoneIs401InvalidIs403() throws Exception {
        String jwt = login();
        assertThat(send(api("/devicetypes").header("X-SiteWhere-Tenant-Id", "default").GET()).statusCode())
                .isEqualTo(401);
        assertThat(send(api("/devicetypes").header("Authorization", "Bearer not.a.jwt")
                .header("X-SiteWhere-Tenant-Id", "default").GET()).statusCode()).isEqualTo(403);
        String[] parts = jwt.split("\\.");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"preferred_username\":\"admin\",\"exp\":99999999999}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThat(get("/devicetypes", forged, "default").statusCode()).isEqualTo(403);
        assertThat(get("/devicetypes", jwt, "default").statusCode()).isEqualTo(200);
    }

    @Test
    void anExpiredTokenIs403AndANewLoginWorksAgain() throws Exception {
        String jwt = login();
        assertThat(get("/system/version", jwt, null).statusCode()).isEqualTo(200);
        NOW.updateAndGet(now -> now.plus(Duration.ofMinutes(5)).plusSeconds(1));
        assertThat(get("/system/version", jwt, null).statusCode()).isEqualTo(403);
        assertThat(get("/system/version", login(), null).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownOrMissingTenantIsRefusedWithSiteWhereErrorBodyAndHeaders() throws Exception {
        String jwt = login();
        HttpResponse<String> unknown = get("/devices", jwt, "no-such-tenant");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertError(unknown, 1120, "no-such-tenant");
        HttpResponse<String> missing = get("/devices", jwt, null);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertError(missing, 1120, "X-SiteWhere-Tenant-Id");
    }

    @Test
    void systemVersionAnswersWithoutATenant() throws Exception {
        HttpResponse<String> version = get("/system/version", login(), null);
        assertThat(version.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(version.body()).path("versionIdentifier").asText()).startsWith("3.0");
    }

    // ------------------------------------------------------------------------------------------------ devices

    @Test
    void deviceTypeCreateGetAndListRoundTripInSiteWhereShape() throws Exception {
        String jwt = login();
        HttpResponse<String> created = post("/devicetypes", jwt, "default", """
                {"token":"rt-sensor","name":"Bench Sensor","description":"load test",
                 "imageUrl":"https://example.invalid/s.png","containerPolicy":"Standalone","metadata":{"a":"b"},
                 "someUnknownField":1}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode type = JSON.readTree(created.body());
        assertThat(type.path("token").asText()).isEqualTo("rt-sensor");
        assertThat(UUID.fromString(type.path("id").asText())).isNotNull();
        assertThat(type.path("createdBy").asText()).isEqualTo("admin");
        assertThat(type.path("createdDate").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}.*");
        assertThat(type.path("containerPolicy").asText()).isEqualTo("Standalone");
        assertThat(type.path("metadata").path("a").asText()).isEqualTo("b");

        HttpResponse<String> read = get("/devicetypes/rt-sensor", jwt, "default");
        assertThat(JSON.readTree(read.body())).isEqualTo(type);
        JsonNode list = JSON.readTree(get("/devicetypes", jwt, "default").body());
        assertThat(list.path("numResults").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(list.path("results").findValuesAsText("token")).contains("rt-sensor");

        HttpResponse<String> missing = get("/devicetypes/nope", jwt, "default");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertError(missing, 4060, "nope");
        HttpResponse<String> incomplete = post("/devicetypes", jwt, "default", "{\"name\":\"x\"}");
        assertThat(incomplete.statusCode()).isEqualTo(400);
        assertError(incomplete, 13010, "imageUrl");
    }

    @Test
    void deviceTokensMustMatchSiteWhereRegex() throws Exception {
        String jwt = login();
        createDeviceType(jwt, "default", "regex-type");
        for (String bad : List.of("has space", "slash/inside", "dot.inside", "")) {
            HttpResponse<String> refused = post("/devices", jwt, "default",
                    JSON.createObjectNode().put("token", bad).put("deviceTypeToken", "regex-type").toString());
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertError(refused, 4010, "token");
            assertThat(JSON.readTree(refused.body()).path("errorDescription").asText())
                    .startsWith("Hardware id must consist of alphanumeric values");
        }
        HttpResponse<String> ok = post("/devices", jwt, "default",
                "{\"token\":\"Good_token-1\",\"deviceTypeToken\":\"regex-type\"}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        HttpResponse<String> duplicate = post("/devices", jwt, "default",
                "{\"token\":\"Good_token-1\",\"deviceTypeToken\":\"regex-type\"}");
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertError(duplicate, 4030, "Good_token-1");
    }

    @Test
    void devicesListWithOneBasedPaging() throws Exception {
        String jwt = login();
        createDeviceType(jwt, "default", "paging-type");
        for (int i = 1; i <= 5; i++) {
            NOW.updateAndGet(now -> now.plusMillis(10));
            assertThat(post("/devices", jwt, "default", "{\"token\":\"paging-dev-" + i
                    + "\",\"deviceTypeToken\":\"paging-type\"}").statusCode()).isEqualTo(200);
        }
        JsonNode first = JSON.readTree(get("/devices?deviceType=paging-type&page=1&pageSize=2", jwt, "default")
                .body());
        assertThat(first.path("numResults").asLong()).isEqualTo(5);
        assertThat(first.path("results").findValuesAsText("token")).containsExactly("paging-dev-5", "paging-dev-4");
        JsonNode third = JSON.readTree(get("/devices?deviceType=paging-type&page=3&pageSize=2", jwt, "default")
                .body());
        assertThat(third.path("results").findValuesAsText("token")).containsExactly("paging-dev-1");
        JsonNode beyond = JSON.readTree(get("/devices?deviceType=paging-type&page=4&pageSize=2", jwt, "default")
                .body());
        assertThat(beyond.path("numResults").asLong()).isEqualTo(5);
        assertThat(beyond.path("results")).isEmpty();
        JsonNode defaults = JSON.readTree(get("/devices?deviceType=paging-type", jwt, "default").body());
        assertThat(defaults.path("results")).hasSize(5);
        HttpResponse<String> zero = get("/devices?page=0", jwt, "default");
        assertThat(zero.statusCode()).isEqualTo(400);
        assertError(zero, 1, "page (0)");

        JsonNode device = JSON.readTree(get("/devices/paging-dev-3", jwt, "default").body());
        assertThat(device.path("token").asText()).isEqualTo("paging-dev-3");
        assertThat(device.has("deviceTypeId")).isTrue();
        assertThat(device.path("deviceElementMappings").isArray()).isTrue();
        assertError(get("/devices/paging-dev-99", jwt, "default"), 4040, "paging-dev-99");
    }

    @Test
    void assignmentCreateGetListAndActiveAssignments() throws Exception {
        String jwt = login();
        createDeviceType(jwt, "default", "asg-type");
        post("/devices", jwt, "default", "{\"token\":\"asg-dev\",\"deviceTypeToken\":\"asg-type\"}");
        HttpResponse<String> created = post("/assignments", jwt, "default",
                "{\"token\":\"asg-1\",\"deviceToken\":\"asg-dev\",\"customerToken\":\"acme\",\"areaToken\":\"southeast\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode assignment = JSON.readTree(created.body());
        for (String field : List.of("id", "token", "deviceId", "deviceTypeId", "customerId", "areaId", "status",
                "activeDate", "createdDate", "createdBy", "metadata", "device")) {
            assertThat(assignment.has(field)).as(field).isTrue();
        }
        assertThat(assignment.has("assetId")).isFalse();
        assertThat(assignment.path("status").asText()).isEqualTo("Active");
        assertThat(assignment.path("device").path("token").asText()).isEqualTo("asg-dev");

        assertThat(JSON.readTree(get("/assignments/asg-1", jwt, "default").body())).isEqualTo(assignment);
        JsonNode active = JSON.readTree(get("/devices/asg-dev/assignments/active", jwt, "default").body());
        assertThat(active.isArray()).isTrue();
        assertThat(active.findValuesAsText("token")).containsExactly("asg-1");
        JsonNode listed = JSON.readTree(get("/assignments?deviceToken=asg-dev", jwt, "default").body());
        assertThat(listed.path("numResults").asLong()).isEqualTo(1);
        JsonNode byCustomer = JSON.readTree(get("/assignments?customerToken=acme&deviceToken=asg-dev", jwt,
                "default").body());
        assertThat(byCustomer.path("numResults").asLong()).isEqualTo(1);

        HttpResponse<String> unknownDevice = post("/assignments", jwt, "default", "{\"deviceToken\":\"ghost\"}");
        assertThat(unknownDevice.statusCode()).isEqualTo(404);
        assertError(unknownDevice, 4040, "ghost");
        assertError(get("/assignments/ghost-asg", jwt, "default"), 4170, "ghost-asg");
    }

    @Test
    void updateDeviceAndEndAssignmentWriteTheRegistryAndWaitForAPostgresBlock() throws Exception {
        String jwt = login();
        createDeviceType(jwt, "default", "upd-type");
        post("/devices", jwt, "default", "{\"token\":\"upd-dev\",\"deviceTypeToken\":\"upd-type\","
                + "\"comments\":\"first\",\"metadata\":{\"a\":\"1\"}}");
        HttpResponse<String> updated = put("/devices/upd-dev", jwt, "default",
                "{\"comments\":\"second\",\"metadata\":{\"rev\":\"2\"}}");
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        JsonNode device = JSON.readTree(get("/devices/upd-dev", jwt, "default").body());
        assertThat(device.path("comments").asText()).isEqualTo("second");
        assertThat(device.path("metadata")).isEqualTo(JSON.readTree("{\"rev\":\"2\"}"));
        assertThat(device.path("updatedBy").asText()).isEqualTo("admin");
        assertThat(device.path("updatedDate").isMissingNode()).isFalse();
        // A request without metadata keeps the stored metadata; unknown devices are SiteWhere's 4040.
        put("/devices/upd-dev", jwt, "default", "{\"comments\":\"third\"}");
        assertThat(JSON.readTree(get("/devices/upd-dev", jwt, "default").body()).path("metadata"))
                .isEqualTo(JSON.readTree("{\"rev\":\"2\"}"));
        assertError(put("/devices/ghost", jwt, "default", "{\"comments\":\"x\"}"), 4040, "ghost");

        post("/assignments", jwt, "default", "{\"token\":\"upd-asg\",\"deviceToken\":\"upd-dev\"}");
        HttpResponse<String> ended = post("/assignments/upd-asg/end", jwt, "default", "");
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        assertThat(JSON.readTree(ended.body()).path("status").asText()).isEqualTo("Released");
        assertThat(JSON.readTree(ended.body()).path("releasedDate").isMissingNode()).isFalse();
        assertThat(JSON.readTree(get("/devices/upd-dev/assignments/active", jwt, "default").body())).isEmpty();
        assertError(post("/assignments/ghost-asg/end", jwt, "default", ""), 4170, "ghost-asg");

        // A PostgreSQL write block holds the update (what a stop-and-copy move makes rest.updateDevice feel).
        TenantRouting.WriteBlock block = routing.blockWrites("default", Store.POSTGRESQL, Duration.ofSeconds(30));
        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return put("/devices/upd-dev", jwt, "default", "{\"comments\":\"held\"}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(get("/devices/upd-dev", jwt, "default").statusCode()).isEqualTo(200);
        assertThat(waiting).isNotDone();
        block.close();
        assertThat(waiting.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(get("/devices/upd-dev", jwt, "default").body()).path("comments").asText())
                .isEqualTo("held");
    }

    // ------------------------------------------------------------------------------------------------ events

    @Test
    void measurementsAreStoredInInfluxInSiteWhereLayoutAndListedNewestFirstWithPagingAndDates() throws Exception {
        String jwt = login();
        String assignmentId = provision(jwt, "default", "mx");
        Instant base = Instant.parse("2026-01-01T12:00:00Z");
        int outboundBefore = OUTBOUND.size();
        for (int day = 0; day < 5; day++) {
            String eventDate = day % 2 == 0 ? Long.toString(base.plus(Duration.ofDays(day)).toEpochMilli())
                    : "\"" + base.plus(Duration.ofDays(day)) + "\"";
            HttpResponse<String> created = post("/assignments/mx-asg/measurements", jwt, "default",
                    "{\"name\":\"temp\",\"value\":" + (20 + day) + ".5,\"eventDate\":" + eventDate
                            + ",\"metadata\":{\"seq\":\"" + (day + 1) + "\"}}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
            JsonNode event = JSON.readTree(created.body());
            for (String field : List.of("id", "eventType", "deviceId", "deviceAssignmentId", "customerId", "areaId",
                    "eventDate", "receivedDate", "metadata", "name", "value")) {
                assertThat(event.has(field)).as(field).isTrue();
            }
            assertThat(event.path("eventType").asText()).isEqualTo("Measurement");
            assertThat(event.path("deviceAssignmentId").asText()).isEqualTo(assignmentId);
            assertThat(event.path("metadata").path("precision").asText()).isEqualTo("ms");
        }
        assertThat(OUTBOUND.subList(outboundBefore, OUTBOUND.size())).hasSize(5);
        JsonNode outbound = JSON.readTree(OUTBOUND.get(OUTBOUND.size() - 1).deviceEventJson());
        assertThat(outbound.path("eventDate").isNumber()).isTrue();
        assertThat(outbound.path("metadata").path("seq").asText()).isEqualTo("5");

        JsonNode all = JSON.readTree(get("/assignments/mx-asg/measurements", jwt, "default").body());
        assertThat(all.path("numResults").asLong()).isEqualTo(5);
        assertThat(all.path("results").findValuesAsText("name")).containsOnly("temp");
        assertThat(values(all)).containsExactly(24.5, 23.5, 22.5, 21.5, 20.5);
        JsonNode page2 = JSON.readTree(get("/assignments/mx-asg/measurements?page=2&pageSize=2", jwt, "default")
                .body());
        assertThat(page2.path("numResults").asLong()).isEqualTo(5);
        assertThat(values(page2)).containsExactly(22.5, 21.5);
        assertThat(page2.path("results").get(0).path("metadata").path("seq").asText()).isEqualTo("3");

        JsonNode byDay = JSON.readTree(get("/assignments/mx-asg/measurements?startDate=2026-01-02&endDate=20260104",
                jwt, "default").body());
        assertThat(values(byDay)).containsExactly(22.5, 21.5);
        assertThat(byDay.path("numResults").asLong()).isEqualTo(2);
        JsonNode byInstant = JSON.readTree(get("/assignments/mx-asg/measurements?startDate="
                + encode("2026-01-03T12:00:00.000Z") + "&endDate=" + encode("2026-01-04T13:00:00+01:00"),
                jwt, "default").body());
        assertThat(values(byInstant)).containsExactly(23.5, 22.5);
        HttpResponse<String> badDate = get("/assignments/mx-asg/measurements?startDate=yesterday", jwt, "default");
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertError(badDate, 1, "startDate (yesterday)");

        // The points themselves carry SiteWhere's tags and fields.
        JsonNode raw = JSON.readTree(sites.influxQuery("cloud", "SELECT * FROM tenant_default.autogen.events"
                + " WHERE assignment='" + assignmentId + "' AND \"meta:seq\"='3'"));
        JsonNode series = raw.path("results").get(0).path("series").get(0);
        List<String> columns = new ArrayList<>();
        series.path("columns").forEach(c -> columns.add(c.asText()));
        assertThat(columns).contains("time", "type", "device", "assignment", "customer", "area", "eid", "mxname",
                "mxvalue", "rcvdate", "meta:seq", "meta:precision");
        JsonNode row = series.path("values").get(0);
        assertThat(row.get(columns.indexOf("type")).asText()).isEqualTo("Measurement");
        assertThat(row.get(columns.indexOf("time")).asLong()).isEqualTo(base.plus(Duration.ofDays(2)).toEpochMilli());
        assertThat(row.get(columns.indexOf("mxvalue")).asDouble()).isEqualTo(22.5);
    }

    @Test
    void locationsAndAlertsRoundTripInSiteWhereShape() throws Exception {
        String jwt = login();
        provision(jwt, "default", "la");
        HttpResponse<String> location = post("/assignments/la-asg/locations", jwt, "default",
                "{\"latitude\":34.1,\"longitude\":-84.2,\"elevation\":3.5,\"eventDate\":1767268800000}");
        assertThat(location.statusCode()).as(location.body()).isEqualTo(200);
        JsonNode listedLocation = JSON.readTree(get("/assignments/la-asg/locations", jwt, "default").body());
        assertThat(listedLocation.path("numResults").asLong()).isEqualTo(1);
        JsonNode loc = listedLocation.path("results").get(0);
        assertThat(loc.path("eventType").asText()).isEqualTo("Location");
        assertThat(loc.path("latitude").asDouble()).isEqualTo(34.1);
        assertThat(loc.path("longitude").asDouble()).isEqualTo(-84.2);
        assertThat(loc.path("elevation").asDouble()).isEqualTo(3.5);
        assertThat(loc.path("id").asText()).isEqualTo(JSON.readTree(location.body()).path("id").asText());

        HttpResponse<String> alert = post("/assignments/la-asg/alerts", jwt, "default",
                "{\"type\":\"engine.overheat\",\"message\":\"Engine overheating.\",\"level\":\"Error\"}");
        assertThat(alert.statusCode()).as(alert.body()).isEqualTo(200);
        JsonNode listedAlert = JSON.readTree(get("/assignments/la-asg/alerts", jwt, "default").body())
                .path("results").get(0);
        assertThat(listedAlert.path("eventType").asText()).isEqualTo("Alert");
        assertThat(listedAlert.path("type").asText()).isEqualTo("engine.overheat");
        assertThat(listedAlert.path("level").asText()).isEqualTo("Error");
        assertThat(listedAlert.path("source").asText()).isEqualTo("Device");
        assertThat(listedAlert.path("message").asText()).isEqualTo("Engine overheating.");
        // Kinds are kept apart: the measurement listing of this assignment is empty.
        assertThat(JSON.readTree(get("/assignments/la-asg/measurements", jwt, "default").body())
                .path("numResults").asLong()).isZero();

        HttpResponse<String> badLevel = post("/assignments/la-asg/alerts", jwt, "default",
                "{\"type\":\"x\",\"level\":\"Loud\"}");
        assertThat(badLevel.statusCode()).isEqualTo(400);
        assertError(badLevel, 1, "level (Loud)");
        HttpResponse<String> noValue = post("/assignments/la-asg/measurements", jwt, "default", "{\"name\":\"t\"}");
        assertThat(noValue.statusCode()).isEqualTo(400);
        assertError(noValue, 13010, "value");
        assertError(post("/assignments/nope/measurements", jwt, "default", "{\"name\":\"t\",\"value\":1}"),
                4170, "nope");
    }

    // ------------------------------------------------------------------------------------------------ routing

    @Test
    void blockedWritesWaitAndAreRefusedWith503WhenTheWaitRunsOut() throws Exception {
        String jwt = login();
        provision(jwt, "default", "blk");
        String measurement = "{\"name\":\"t\",\"value\":1}";
        try (TenantRouting.WriteBlock block = routing.blockWrites("default", Store.INFLUXDB, Duration.ofMillis(200))) {
            HttpResponse<String> refused = post("/assignments/blk-asg/measurements", jwt, "default", measurement);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(refused.body()).path("message").asText()).contains("influxdb");
            // Reads are not blocked.
            assertThat(get("/assignments/blk-asg/measurements", jwt, "default").statusCode()).isEqualTo(200);
        }
        assertThat(JSON.readTree(get("/assignments/blk-asg/measurements", jwt, "default").body())
                .path("numResults").asLong()).isZero();

        TenantRouting.WriteBlock block = routing.blockWrites("default", Store.INFLUXDB, Duration.ofSeconds(30));
        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return post("/assignments/blk-asg/measurements", jwt, "default", measurement);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(waiting).isNotDone();
        block.close();
        assertThat(waiting.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(get("/assignments/blk-asg/measurements", jwt, "default").body())
                .path("numResults").asLong()).isEqualTo(1);
    }

    @Test
    void pooledConnectionsKilledByTheServerAreReplacedWithoutAFailedCall() throws Exception {
        String jwt = login();
        createDeviceType(jwt, "default", "kill-type");
        assertThat(get("/devicetypes/kill-type", jwt, "default").statusCode()).isEqualTo(200);
        try (java.sql.Connection admin = sites.connect("cloud", "default");
             java.sql.Statement statement = admin.createStatement();
             java.sql.ResultSet killed = statement.executeQuery("SELECT count(pg_terminate_backend(pid))"
                     + " FROM pg_stat_activity WHERE datname = 'tenant_default' AND pid <> pg_backend_pid()")) {
            killed.next();
            assertThat(killed.getInt(1)).isPositive();
        }
        assertThat(get("/devicetypes/kill-type", jwt, "default").statusCode()).isEqualTo(200);
        assertThat(post("/devices", jwt, "default", "{\"token\":\"kill-dev\",\"deviceTypeToken\":\"kill-type\"}")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void theSandboxRoutingsWriteGatesHoldRestWritesDuringABlock() throws Exception {
        SandboxRouting sandboxRouting = new SandboxRouting(List.of("cloud", "edge"), new SiteAddresses() {
            @Override
            public SiteEndpoints endpoints(String site, String from) {
                return sites.endpoints(site);
            }

            @Override
            public String gatewayMqttUrl(String from) {
                return "tcp://127.0.0.1:9";
            }
        });
        sandboxRouting.addTenant("default", "cloud");
        try (SiteWhereRestServer gated = SiteWhereRestServer.start(SiteWhereRestServer.Config.of(sandboxRouting,
                WriteAdmission.gated(sandboxRouting), EventSink.NONE, tenant -> {
                    throw new UnsupportedOperationException("no tenant creation in this test");
                }))) {
            String jwt = login();
            provision(jwt, "default", "gate");
            HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(gated.baseUrl()
                            + "/assignments/gate-asg/measurements"))
                    .header("Authorization", "Bearer " + login(gated))
                    .header("X-SiteWhere-Tenant-Id", "default")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"t\",\"value\":1}"));
            try (TenantRouting.WriteBlock block = sandboxRouting.blockWrites("default", Store.INFLUXDB,
                    Duration.ofMillis(100))) {
                HttpResponse<String> refused = send(post);
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(JSON.readTree(refused.body()).path("message").asText()).contains("blocked");
            }
            assertThat(send(post).statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(get("/assignments/gate-asg/measurements", jwt, "default").body())
                    .path("numResults").asLong()).isEqualTo(1);
            assertThat(sandboxRouting.gate("default", Store.INFLUXDB).isBlocked()).isFalse();
        }
    }

    @Test
    void requestsFollowRoutingSwitchesAndDualWrites() throws Exception {
        String jwt = login();
        NOW.set(Instant.now());
        assertThat(post("/tenants", jwt, null, "{\"token\":\"mover\",\"name\":\"Mover\"}").statusCode())
                .isEqualTo(200);
        sites.createTenant("edge", "mover");
        provision(jwt, "mover", "mv");
        post("/assignments/mv-asg/measurements", jwt, "mover", "{\"name\":\"t\",\"value\":1}");

        routing.switchSite("mover", Store.POSTGRESQL, "edge");
        // The edge database is empty (no copy in this test), so the device is not found there.
        assertError(get("/devices/mv-dev", jwt, "mover"), 4040, "mv-dev");
        routing.switchSite("mover", Store.POSTGRESQL, "cloud");
        assertThat(get("/devices/mv-dev", jwt, "mover").statusCode()).isEqualTo(200);

        routing.switchSite("mover", Store.INFLUXDB, "edge");
        assertThat(JSON.readTree(get("/assignments/mv-asg/measurements", jwt, "mover").body())
                .path("numResults").asLong()).isZero();
        routing.startDualWrite("mover", Store.INFLUXDB, "cloud");
        // A later event date: InfluxDB keeps one point per series and timestamp (as in SiteWhere).
        NOW.updateAndGet(now -> now.plusMillis(1));
        assertThat(post("/assignments/mv-asg/measurements", jwt, "mover", "{\"name\":\"t\",\"value\":2}")
                .statusCode()).isEqualTo(200);
        routing.stopDualWrite("mover", Store.INFLUXDB);
        assertThat(JSON.readTree(get("/assignments/mv-asg/measurements", jwt, "mover").body())
                .path("numResults").asLong()).isEqualTo(1);
        assertThat(sites.influxQuery("cloud", "SELECT count(eid) FROM tenant_mover.autogen.events"))
                .contains(",2]");
        assertThat(sites.influxQuery("edge", "SELECT count(eid) FROM tenant_mover.autogen.events"))
                .contains(",1]");
    }

    @Test
    void tenantsAreListedAndCreatedThroughTheSandboxCallback() throws Exception {
        String jwt = login();
        JsonNode tenants = JSON.readTree(get("/tenants", jwt, null).body());
        assertThat(tenants.path("results").findValuesAsText("token")).contains("default");
        assertThat(JSON.readTree(get("/tenants/default", jwt, null).body()).path("name").asText())
                .isEqualTo("Default Tenant");

        HttpResponse<String> created = post("/tenants", jwt, null,
                "{\"token\":\"newco\",\"name\":\"New Co\",\"authorizedUserIds\":[\"admin\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(JSON.readTree(created.body()).path("name").asText()).isEqualTo("New Co");
        assertThat(routing.tenants()).contains("newco");
        createDeviceType(jwt, "newco", "newco-type");
        assertThat(get("/devicetypes/newco-type", jwt, "newco").statusCode()).isEqualTo(200);
        // Tenants are separate databases.
        assertThat(get("/devicetypes/newco-type", jwt, "default").statusCode()).isEqualTo(404);

        HttpResponse<String> duplicate = post("/tenants", jwt, null, "{\"token\":\"newco\"}");
        assertThat(duplicate.statusCode()).isEqualTo(409);
        assertError(duplicate, 4280, "newco");
        HttpResponse<String> badToken = post("/tenants", jwt, null, "{\"token\":\"Bad Name\"}");
        assertThat(badToken.statusCode()).isEqualTo(400);
        assertError(badToken, 3020, "Bad Name");
    }

    // ------------------------------------------------------------------------------------------------ limits

    @Test
    void aPageAboveTheCapIsRefusedNamingTheCap() throws Exception {
        String jwt = login();
        HttpResponse<String> huge = get("/devicetypes?pageSize=1000000", jwt, "default");
        assertThat(huge.statusCode()).isEqualTo(400);
        assertError(huge, 1, "pageSize (1000000) must be <= 1000");
        assertThat(get("/devicetypes?pageSize=1000", jwt, "default").statusCode()).isEqualTo(200);
    }

    /**
     * One worker held by a blocked write, then a burst: calls beyond the in-flight bound are answered 503 with
     * Retry-After at once (not queued without end), the held call still completes, and the server serves again.
     */
    @Test
    void anOverloadedServerAnswers503AtOnceAndRecovers() throws Exception {
        try (SiteWhereRestServer small = SiteWhereRestServer.start(SiteWhereRestServer.Config.of(routing, routing,
                OUTBOUND::add, tenant -> { }).withThreads(1))) {
            String jwt = login(small);
            String base = small.baseUrl();
            provisionOn(base, jwt);
            TenantRouting.WriteBlock block = routing.blockWrites("default", Store.INFLUXDB, Duration.ofSeconds(60));
            CompletableFuture<HttpResponse<String>> held = HTTP.sendAsync(HttpRequest.newBuilder(
                    URI.create(base + "/assignments/ovl-asg/measurements")).header("Authorization", "Bearer " + jwt)
                    .header("X-SiteWhere-Tenant-Id", "default").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"t\",\"value\":1}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            long heldBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (routing.waiting() == 0) {
                assertThat(System.nanoTime()).as("the write held at the block").isLessThan(heldBy);
                TimeUnit.MILLISECONDS.sleep(10);
            }
            List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
            for (int i = 0; i < 3 * SiteWhereRestServer.QUEUED_PER_THREAD; i++) {
                burst.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/devicetypes"))
                        .header("Authorization", "Bearer " + jwt).header("X-SiteWhere-Tenant-Id", "default").GET()
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            // The held call and QUEUED_PER_THREAD - 1 others are admitted; every other call is answered while the
            // only worker is still held: overload is refused at once, not queued.
            int refusedExpected = burst.size() - (SiteWhereRestServer.QUEUED_PER_THREAD - 1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (burst.stream().filter(CompletableFuture::isDone).count() < refusedExpected) {
                assertThat(System.nanoTime()).as("overloaded calls answered in time").isLessThan(deadline);
                TimeUnit.MILLISECONDS.sleep(20);
            }
            List<HttpResponse<String>> overloaded = burst.stream().filter(CompletableFuture::isDone)
                    .map(CompletableFuture::join).toList();
            assertThat(held).isNotDone();
            assertThat(overloaded).hasSize(refusedExpected).allSatisfy(r -> {
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.headers().firstValue("Retry-After")).contains("1");
            });
            block.close();
            assertThat(held.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            for (CompletableFuture<HttpResponse<String>> f : burst) {
                assertThat(f.get(30, TimeUnit.SECONDS).statusCode()).isIn(200, 503);
            }
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/devicetypes"))
                    .header("Authorization", "Bearer " + jwt).header("X-SiteWhere-Tenant-Id", "default").GET()
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    private static void provisionOn(String base, String jwt) throws Exception {
        for (String[] call : new String[][] {{"/devicetypes", "{\"token\":\"ovl-type\",\"name\":\"T\","
                + "\"imageUrl\":\"https://example.invalid/t.png\",\"containerPolicy\":\"Standalone\"}"},
                {"/devices", "{\"token\":\"ovl-dev\",\"deviceTypeToken\":\"ovl-type\"}"},
                {"/assignments", "{\"token\":\"ovl-asg\",\"deviceToken\":\"ovl-dev\",\"customerToken\":\"acme\","
                + "\"areaToken\":\"se\"}"}}) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + call[0]))
                    .header("Authorization", "Bearer " + jwt).header("X-SiteWhere-Tenant-Id", "default")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(call[1]))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
    }

    // ------------------------------------------------------------------------------------------------ figures

    /**
     * Measures the two REST operations of the load model on one site without WAN delay: 8 client threads, each
     * call timed from send to full response; prints throughput and percentiles (every call must succeed).
     */
    @Test
    void measuresListAndPostMeasurementLatency() throws Exception {
        String jwt = login();
        provision(jwt, "default", "perf");
        NOW.set(Instant.now());
        String postPath = "/assignments/perf-asg/measurements";
        java.util.concurrent.atomic.AtomicInteger sequence = new java.util.concurrent.atomic.AtomicInteger();
        printFigures("postMeasurement", 8, 60, () -> {
            NOW.updateAndGet(now -> now.plusMillis(1));
            int seq = sequence.incrementAndGet();
            HttpResponse<String> response = post(postPath, jwt, "default", "{\"name\":\"t\",\"value\":" + seq
                    + ",\"metadata\":{\"seq\":\"" + seq + "\"}}");
            // Concurrent calls must not see each other's bodies.
            assertThat(JSON.readTree(response.body()).path("metadata").path("seq").asText())
                    .isEqualTo(Integer.toString(seq));
            return response;
        });
        printFigures("listMeasurements", 8, 100, () -> get(postPath, jwt, "default"));
    }

    private interface Call {
        HttpResponse<String> run() throws Exception;
    }

    private static void printFigures(String operation, int threads, int callsPerThread, Call call) throws Exception {
        long[] micros = new long[threads * callsPerThread];
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int first = t * callsPerThread;
            clients.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < callsPerThread; i++) {
                    long begin = System.nanoTime();
                    try {
                        HttpResponse<String> response = call.run();
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    micros[first + i] = (System.nanoTime() - begin) / 1000;
                }
            }, java.util.concurrent.Executors.newSingleThreadExecutor()));
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        java.util.Arrays.sort(micros);
        System.out.printf(java.util.Locale.ROOT,
                "REST %s: %d calls, %d client threads, %.0f calls/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                operation, micros.length, threads, micros.length / seconds, micros[micros.length / 2] / 1000.0,
                micros[(int) (micros.length * 0.99)] / 1000.0, micros[micros.length - 1] / 1000.0);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Creates device type, device {@code <p>-dev} and assignment {@code <p>-asg}; returns the assignment id. */
    private static String provision(String jwt, String tenant, String prefix) throws Exception {
        createDeviceType(jwt, tenant, prefix + "-type");
        HttpResponse<String> device = post("/devices", jwt, tenant, "{\"token\":\"" + prefix
                + "-dev\",\"deviceTypeToken\":\"" + prefix + "-type\"}");
        assertThat(device.statusCode()).as(device.body()).isEqualTo(200);
        HttpResponse<String> assignment = post("/assignments", jwt, tenant, "{\"token\":\"" + prefix
                + "-asg\",\"deviceToken\":\"" + prefix + "-dev\",\"customerToken\":\"acme\",\"areaToken\":\"se\"}");
        assertThat(assignment.statusCode()).as(assignment.body()).isEqualTo(200);
        return JSON.readTree(assignment.body()).path("id").asText();
    }

    private static void createDeviceType(String jwt, String tenant, String token) throws Exception {
        HttpResponse<String> created = post("/devicetypes", jwt, tenant, "{\"token\":\"" + token
                + "\",\"name\":\"T\",\"imageUrl\":\"https://example.invalid/t.png\",\"containerPolicy\":\"Standalone\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }

    private static List<Double> values(JsonNode searchResults) {
        List<Double> values = new ArrayList<>();
        searchResults.path("results").forEach(r -> values.add(r.path("value").asDouble()));
        return values;
    }

    private static void assertError(HttpResponse<String> response, long code, String messagePart) throws Exception {
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("errorCode").asLong()).as(response.body()).isEqualTo(code);
        assertThat(body.path("message").asText()).contains(messagePart);
        assertThat(body.path("errorDescription").asText()).isNotBlank();
        assertThat(response.headers().firstValue("X-SiteWhere-Error-Code")).contains(Long.toString(code));
        assertThat(response.headers().firstValue("X-SiteWhere-Error").orElse("")).contains(messagePart);
    }

    private static String login() throws Exception {
        return login(server);
    }

    private static String login(SiteWhereRestServer target) throws Exception {
        HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(target.authUrl()))
                .header("Authorization", basic("admin", "password")).GET());
        return login.headers().firstValue("X-Sitewhere-JWT").orElseThrow();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + path));
    }

    private static HttpResponse<String> get(String path, String jwt, String tenant) throws Exception {
        HttpRequest.Builder request = api(path).header("Authorization", "Bearer " + jwt).GET();
        if (tenant != null) {
            request.header("X-SiteWhere-Tenant-Id", tenant);
        }
        return send(request);
    }

    private static HttpResponse<String> post(String path, String jwt, String tenant, String body) throws Exception {
        HttpRequest.Builder request = api(path).header("Authorization", "Bearer " + jwt)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (tenant != null) {
            request.header("X-SiteWhere-Tenant-Id", tenant);
        }
        return send(request);
    }

    private static HttpResponse<String> put(String path, String jwt, String tenant, String body) throws Exception {
        return send(api(path).header("Authorization", "Bearer " + jwt).header("X-SiteWhere-Tenant-Id", tenant)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
