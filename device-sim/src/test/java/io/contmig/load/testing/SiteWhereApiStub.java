package io.contmig.load.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal in-test HTTP server that follows SiteWhere 3.0's REST API:
 * JWT login on {@code /sitewhere/authapi/jwt} (Basic → header
 * {@code X-Sitewhere-JWT}, with an {@code exp} claim), {@code Authorization: Bearer} and
 * {@code X-SiteWhere-Tenant-Id} on {@code /sitewhere/api/...}, device types, devices, active assignments,
 * measurements (create, paged list). Errors carry SiteWhere's body; like SiteWhere 3.0, an unknown device answers
 * 500 with error code 4040. In memory; a stand-in for provisioning and REST-load tests only. Thread-safe.
 */
public final class SiteWhereApiStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Set<String> tenants;
    private final Duration tokenLifetime;
    private final Map<String, ObjectNode> deviceTypes = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> devices = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> assignments = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> measurements = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicInteger logins = new AtomicInteger();

    public SiteWhereApiStub(Set<String> tenants, Duration tokenLifetime) throws IOException {
        this.tenants = Set.copyOf(tenants);
        this.tokenLifetime = tokenLifetime;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.createContext("/sitewhere/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "sitewhere-stub");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sitewhere/api");
    }

    public URI authUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sitewhere/authapi/jwt");
    }

    /** Calls by key {@code "<METHOD> <first path segment>"}, e.g. {@code "POST devices"}. */
    public int calls(String key) {
        AtomicInteger n = calls.get(key);
        return n == null ? 0 : n.get();
    }

    public int logins() {
        return logins.get();
    }

    public int entityCount() {
        return deviceTypes.size() + devices.size() + assignments.size();
    }

    public int measurementCount() {
        return measurements.values().stream().mapToInt(List::size).sum();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/sitewhere/authapi/jwt")) {
                login(exchange);
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null) {
                reply(exchange, 401, null);
                return;
            }
            if (!auth.startsWith("Bearer ") || !validToken(auth.substring(7))) {
                reply(exchange, 403, null);
                return;
            }
            String[] seg = path.substring("/sitewhere/api/".length()).split("/");
            calls.computeIfAbsent(method + " " + seg[0], k -> new AtomicInteger()).incrementAndGet();
            String tenant = exchange.getRequestHeaders().getFirst("X-SiteWhere-Tenant-Id");
            if (seg[0].equals("tenants") && seg.length == 2) {
                if (tenants.contains(seg[1])) {
                    ObjectNode t = JSON.createObjectNode().put("token", seg[1]).put("name", seg[1]);
                    reply(exchange, 200, t);
                } else {
                    error(exchange, 404, 1120, "tenant (" + seg[1] + ") does not exist");
                }
                return;
            }
            if (tenant == null || !tenants.contains(tenant)) {
                error(exchange, 404, 1120, "X-SiteWhere-Tenant-Id (" + tenant + ") names no tenant");
                return;
            }
            route(exchange, method, tenant, seg, body.length == 0 ? null : JSON.readTree(body));
        } catch (RuntimeException e) {
            error(exchange, 500, 99999, e.toString());
        }
    }

    private void route(HttpExchange ex, String method, String tenant, String[] seg, JsonNode body) throws IOException {
        String key = tenant + "/";
        switch (seg[0]) {
            case "devicetypes" -> {
                if (method.equals("GET") && seg.length == 2) {
                    ObjectNode t = deviceTypes.get(key + seg[1]);
                    if (t == null) {
                        error(ex, 404, 4060, "device type token (" + seg[1] + ") not found");
                    } else {
                        reply(ex, 200, t);
                    }
                } else if (method.equals("GET")) {
                    ObjectNode page = JSON.createObjectNode();
                    page.put("numResults", deviceTypes.size());
                    page.putArray("results");
                    reply(ex, 200, page);
                } else {
                    String token = body.path("token").asText();
                    ObjectNode t = ((ObjectNode) body.deepCopy()).put("id", UUID.randomUUID().toString());
                    if (deviceTypes.putIfAbsent(key + token, t) != null) {
                        error(ex, 409, 4070, "device type token already in use");
                    } else {
                        reply(ex, 200, t);
                    }
                }
            }
            case "devices" -> {
                if (method.equals("GET") && seg.length == 2) {
                    ObjectNode d = devices.get(key + seg[1]);
                    if (d == null) {
                        error(ex, 500, 4040, "device token (" + seg[1] + ") not found"); // SiteWhere 3.0 style
                    } else {
                        reply(ex, 200, d);
                    }
                } else if (method.equals("GET") && seg.length == 4) {
                    ArrayNode active = JSON.createArrayNode();
                    assignments.forEach((k, a) -> {
                        if (k.startsWith(key) && a.path("deviceToken").asText().equals(seg[1])) {
                            active.add(a);
                        }
                    });
                    reply(ex, 200, active);
                } else {
                    String token = body.path("token").asText();
                    if (!deviceTypes.containsKey(key + body.path("deviceTypeToken").asText())) {
                        error(ex, 500, 4060, "device type not found");
                        return;
                    }
                    ObjectNode d = ((ObjectNode) body.deepCopy()).put("id", UUID.randomUUID().toString());
                    if (devices.putIfAbsent(key + token, d) != null) {
                        error(ex, 409, 4030, "device token already in use");
                    } else {
                        reply(ex, 200, d);
                    }
                }
            }
            case "assignments" -> {
                if (seg.length == 1 && method.equals("POST")) {
                    String token = body.path("token").asText();
                    ObjectNode a = ((ObjectNode) body.deepCopy()).put("id", UUID.randomUUID().toString())
                            .put("status", "Active");
                    if (assignments.putIfAbsent(key + token, a) != null) {
                        error(ex, 409, 4150, "assignment token already in use");
                    } else {
                        reply(ex, 200, a);
                    }
                } else if (seg.length == 3 && seg[2].equals("measurements")) {
                    if (!assignments.containsKey(key + seg[1])) {
                        error(ex, 404, 4170, "assignment token (" + seg[1] + ") not found");
                        return;
                    }
                    List<ObjectNode> list = measurements.computeIfAbsent(key + seg[1], k -> new ArrayList<>());
                    if (method.equals("POST")) {
                        ObjectNode m = ((ObjectNode) body.deepCopy()).put("id", UUID.randomUUID().toString())
                                .put("eventType", "Measurement");
                        synchronized (list) {
                            list.add(m);
                        }
                        reply(ex, 200, m);
                    } else {
                        String query = ex.getRequestURI().getQuery();
                        if (query == null || !query.contains("page=") || !query.contains("startDate=")) {
                            error(ex, 400, 1, "expected paging and startDate, got " + query);
                            return;
                        }
                        ObjectNode page = JSON.createObjectNode();
                        synchronized (list) {
                            page.put("numResults", list.size());
                            ArrayNode results = page.putArray("results");
                            list.stream().limit(10).forEach(results::add);
                        }
                        reply(ex, 200, page);
                    }
                } else {
                    error(ex, 404, 4170, "no such assignment resource");
                }
            }
            default -> error(ex, 404, 1, "unknown resource " + seg[0]);
        }
    }

    private void login(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String expected = "Basic " + Base64.getEncoder().encodeToString("admin:password".getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(auth)) {
            reply(exchange, 401, null);
            return;
        }
        logins.incrementAndGet();
        long exp = Instant.now().plus(tokenLifetime).getEpochSecond();
        String payload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"preferred_username\":\"admin\",\"exp\":" + exp + ",\"n\":\"" + UUID.randomUUID() + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        String jwt = "eyJhbGciOiJSUzI1NiJ9." + payload + ".c2ln";
        exchange.getResponseHeaders().add("X-Sitewhere-JWT", jwt);
        reply(exchange, 200, JSON.createObjectNode().put("username", "admin"));
    }

    private static boolean validToken(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            return false;
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims.path("exp").asLong() > Instant.now().getEpochSecond();
        } catch (Exception e) {
            return false;
        }
    }

    private static void error(HttpExchange ex, int status, long code, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("message", message).put("errorCode", code)
                .put("errorDescription", "error " + code);
        ex.getResponseHeaders().add("X-SiteWhere-Error", message);
        ex.getResponseHeaders().add("X-SiteWhere-Error-Code", Long.toString(code));
        reply(ex, status, body);
    }

    private static void reply(HttpExchange ex, int status, JsonNode body) throws IOException {
        if (body == null) {
            ex.sendResponseHeaders(status, -1);
            ex.close();
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
