package io.contmig.sandbox.rest;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.Headers;
import io.contmig.sandbox.devices.TestSites;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Coverage-guided fuzzing of the REST API at the seam where an HTTP request becomes an answer
 * ({@link SiteWhereRestServer#respond}), over real PostgreSQL and InfluxDB: whatever the method, path, query, headers
 * and body, the answer comes within 10 s, is never a 5xx (a refusal is a 4xx whose body's {@code message} says what is
 * wrong), and can be sent (a JSON body, header values without line breaks).
 *
 * <p>An input is an HTTP request in text: {@code METHOD target} on the first line (a target without a leading
 * {@code /} is under {@code /sitewhere/api/}), then {@code Name: value} header lines, an empty line and the body. A
 * valid bearer token and {@code X-SiteWhere-Tenant-Id: default} are added unless the input sets those headers. A
 * target that is not a URI is skipped: the JDK's HTTP server answers it 400 before the API sees it.
 *
 * <p>{@code mvn verify} replays the corpus in {@code src/test/resources/io/contmig/sandbox/rest/RestApiFuzzITInputs/};
 * to fuzz, from the repository root:
 * {@code JAZZER_FUZZ=1 mvn -pl sitewhere-emulator -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=RestApiFuzzIT -Dfailsafe.failIfNoSpecifiedTests=false -Djazzer.max_duration=10m}.
 */
class RestApiFuzzIT {

    private static TestSites sites;
    private static TestRouting routing;
    private static SiteWhereRestServer server;
    private static String bearer;

    @BeforeAll
    static void start() throws Exception {
        sites = TestSites.start("rest-fuzz", "cloud");
        routing = new TestRouting(sites, List.of("cloud"));
        sites.createTenant("cloud", "default");
        routing.addTenant("default", "cloud");
        TenantStores tenantStores = tenant -> {
            sites.createTenant("cloud", tenant);
            routing.addTenant(tenant, "cloud");
        };
        server = SiteWhereRestServer.start(SiteWhereRestServer.Config.of(routing, routing, EventSink.NONE,
                tenantStores).withThreads(2));
        Headers login = new Headers();
        login.set("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                "admin:password".getBytes(StandardCharsets.UTF_8)));
        Reply reply = server.respond("GET", URI.create("/sitewhere/authapi/jwt"), login, () -> new byte[0]);
        bearer = "Bearer " + reply.headers().get(SiteWhereRestServer.HEADER_JWT);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (sites != null) {
            sites.close();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void everyRequestGetsAnAnswerThatIsNeverA5xx(byte[] input) {
        if (Boolean.getBoolean("jazzer.hooks")) {
            // The API reaches its stores on loopback: no server-side request forgery for Jazzer's SSRF detector (which
            // runs only with the hooks on, i.e. when fuzzing; set here, once Jazzer's agent runs).
            BugDetectors.allowNetworkConnections((host, port) -> host.equals("localhost") || host.startsWith("127."));
        }
        String text = new String(input, StandardCharsets.UTF_8);
        int blank = text.indexOf("\n\n");
        String head = blank < 0 ? text : text.substring(0, blank);
        byte[] body = blank < 0 ? new byte[0]
                : text.substring(blank + 2).getBytes(StandardCharsets.UTF_8);
        List<String> lines = Arrays.asList(head.split("\n", -1));
        String[] requestLine = lines.get(0).split(" ", 2);
        String method = requestLine.length == 2 ? requestLine[0] : "GET";
        String target = requestLine.length == 2 ? requestLine[1] : requestLine[0];
        if (!method.matches("[A-Z]{1,10}")) {
            return;
        }
        URI uri;
        try {
            uri = new URI(target.startsWith("/") ? target : "/sitewhere/api/" + target);
        } catch (URISyntaxException notHttp) {
            return;
        }
        if (uri.getRawPath() == null) {
            return;
        }
        Headers headers = new Headers();
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            // What cannot be a header line (a CR in it) never reaches the API: the JDK's server refuses the request.
            if (colon > 0 && line.substring(0, colon).matches("[A-Za-z0-9-]+") && line.indexOf('\r') < 0) {
                headers.add(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        headers.putIfAbsent("Authorization", List.of(bearer));
        headers.putIfAbsent(SiteWhereRestServer.HEADER_TENANT_ID, List.of("default"));

        Reply reply = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> server.respond(method, uri, headers, () -> body), () -> "no answer within 10 s to " + text);

        assertThat(reply.status()).as("status of %s (answer %s)", text, reply.body()).isBetween(200, 499);
        if (reply.status() >= 400 && reply.body() != null) {
            assertThat(reply.body().path("message").asText()).as("message of %s", text).isNotBlank();
        }
        reply.headers().forEach((name, value) -> assertThat(value).as("header %s", name).doesNotContain("\r", "\n"));
        try {
            SiteWhereJson.MAPPER.writeValueAsBytes(reply.body());
        } catch (JsonProcessingException e) {
            throw new AssertionError("the answer to " + text + " cannot be sent: " + e, e);
        }
    }
}
