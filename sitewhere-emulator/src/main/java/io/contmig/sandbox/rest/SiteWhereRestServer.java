package io.contmig.sandbox.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.contmig.sandbox.devices.DeviceAssignment;
import io.contmig.sandbox.devices.DeviceAssignmentCreateRequest;
import io.contmig.sandbox.devices.DeviceCreateRequest;
import io.contmig.sandbox.devices.DeviceManagementException;
import io.contmig.sandbox.devices.DeviceManagementSchema;
import io.contmig.sandbox.devices.DeviceTypeCreateRequest;
import io.contmig.sandbox.devices.JdbcDeviceManagement;
import io.contmig.sandbox.devices.Page;
import io.contmig.sandbox.devices.Paging;
import io.contmig.sandbox.devices.SiteWhereErrorCode;
import io.contmig.target.SiteEndpoints;
import io.contmig.target.Store;
import io.contmig.target.TenantRouting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sandbox's SiteWhere 3.0 REST API ({@code /sitewhere/authapi/jwt} and {@code /sitewhere/api/...}) on the JDK's
 * HTTP server, bound to 127.0.0.1: JWT login, device types, devices, assignments, measurements / locations /
 * alerts, tenants and the system version, with SiteWhere's paths, JSON bodies, paging, status codes and error
 * bodies, as SiteWhere 3.0's REST API has them (differences: the root README.md).
 *
 * <p>Each call finds its tenant's stores through the {@link TenantRouting}: PostgreSQL database
 * {@code tenant_<t>} (schema {@code devicemanagement}) on {@code siteOf(t, POSTGRESQL)} and InfluxDB database
 * {@code tenant_<t>} on {@code siteOf(t, INFLUXDB)}, reached from the site of the tenant's pipeline stage
 * ({@code siteOf(t, PIPELINE)}: SiteWhere's REST calls go through the tenant's microservices), so a switch applies
 * to the next call. Writes pass the {@link WriteAdmission} first. Events created over REST are written to InfluxDB,
 * then handed to the {@link EventSink} (SiteWhere's REST path bypasses the inbound topics).
 *
 * <p>Thread-safe; calls run on a bounded pool of {@code threads} threads. {@link #close()} stops the server and
 * closes its database connections; it is idempotent. A call that fails unexpectedly answers 500 with SiteWhere's
 * error body; the server keeps running.
 */
public final class SiteWhereRestServer implements AutoCloseable {

    /** SiteWhere's header carrying the JWT in the login response. */
    public static final String HEADER_JWT = "X-Sitewhere-JWT";
    /** SiteWhere's header naming the tenant of an API call. */
    public static final String HEADER_TENANT_ID = "X-SiteWhere-Tenant-Id";
    /** SiteWhere's error headers. */
    public static final String HEADER_ERROR = "X-SiteWhere-Error";
    public static final String HEADER_ERROR_CODE = "X-SiteWhere-Error-Code";

    private static final Logger LOG = LoggerFactory.getLogger(SiteWhereRestServer.class);

    /** SiteWhere's default users (instance dataset {@code idt-default.yaml}): name → (password, role). */
    private static final Map<String, String[]> USERS = Map.of(
            "admin", new String[] {"password", "SystemAdministrator", "Admin", "User"},
            "remote", new String[] {"remote", "RemoteAccessOnly", "Remote", "User"});

    /**
     * How to run the server.
     *
     * @param routing       where each tenant's stores live (also the list of known tenants)
     * @param writes        admits writes (honours {@link TenantRouting#blockWrites})
     * @param events        receives every event created over REST, after it is stored
     * @param tenantStores  creates a new tenant's stores on {@code POST /tenants}
     * @param tokenLifetime how long a JWT stays valid (Keycloak's default: 5 min)
     * @param threads       size of the request thread pool
     * @param port          TCP port on 127.0.0.1; 0 picks a free one
     * @param clock         the clock of token issue and expiry and of created/received dates
     */
    public record Config(TenantRouting routing, WriteAdmission writes, EventSink events, TenantStores tenantStores,
                         Duration tokenLifetime, int threads, int port, Clock clock) {

        public Config {
            Objects.requireNonNull(routing, "routing");
            Objects.requireNonNull(writes, "writes");
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(tenantStores, "tenantStores");
            Objects.requireNonNull(tokenLifetime, "tokenLifetime");
            Objects.requireNonNull(clock, "clock");
            if (tokenLifetime.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("tokenLifetime (" + tokenLifetime + ") must be >= 1s");
            }
            if (threads < 1 || threads > 512) {
                throw new IllegalArgumentException("threads (" + threads + ") must be in 1..512");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port (" + port + ") must be in 0..65535");
            }
        }

        /** Defaults: tokens valid 5 minutes, 16 threads, a free port, the system clock. */
        public static Config of(TenantRouting routing, WriteAdmission writes, EventSink events,
                                TenantStores tenantStores) {
            return new Config(routing, writes, events, tenantStores, Duration.ofMinutes(5), 16, 0,
                    Clock.systemUTC());
        }

        public Config withTokenLifetime(Duration lifetime) {
            return new Config(routing, writes, events, tenantStores, lifetime, threads, port, clock);
        }

        public Config withThreads(int count) {
            return new Config(routing, writes, events, tenantStores, tokenLifetime, count, port, clock);
        }

        public Config withPort(int tcpPort) {
            return new Config(routing, writes, events, tenantStores, tokenLifetime, threads, tcpPort, clock);
        }

        public Config withClock(Clock newClock) {
            return new Config(routing, writes, events, tenantStores, tokenLifetime, threads, port, newClock);
        }
    }

    private final Config config;
    private final TenantRouting routing;
    private final HmacJwt jwt;
    private final HttpServer server;
    private final ThreadPoolExecutor pool;
    private final JdbcConnections connections;
    private final InfluxEventStore influx = new InfluxEventStore(Duration.ofSeconds(30));
    private final JdbcDeviceManagement devices = new JdbcDeviceManagement();
    private final Map<String, ObjectNode> tenantRecords = new ConcurrentHashMap<>();
    private final Object tenantCreation = new Object();

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and the
        // client's delayed ACK add ~40 ms to most responses. Read once, when the JDK's server classes load.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private SiteWhereRestServer(Config config) throws IOException {
        this.config = config;
        this.routing = config.routing();
        this.jwt = new HmacJwt(config.tokenLifetime(), config.clock());
        this.connections = new JdbcConnections(config.threads());
        AtomicInteger threadNumber = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(config.threads(), config.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.threads() * 64), runnable -> {
                    Thread thread = new Thread(runnable, "contmig-rest-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 256);
        server.setExecutor(pool);
        server.createContext("/sitewhere/", this::handle);
        server.start();
    }

    /** Starts a server as {@code config} says; it serves until {@link #close()}. */
    public static SiteWhereRestServer start(Config config) throws IOException {
        return new SiteWhereRestServer(config);
    }

    /** The TCP port the server listens on (on 127.0.0.1). */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>/sitewhere/api} (sandbox.json's {@code rest.baseUrl}, without the WAN proxy). */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/sitewhere/api";
    }

    /** {@code http://127.0.0.1:<port>/sitewhere/authapi/jwt}. */
    public String authUrl() {
        return "http://127.0.0.1:" + port() + "/sitewhere/authapi/jwt";
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        connections.close();
    }

    // ------------------------------------------------------------------------------------------------ dispatch

    /** A response: status, optional JSON body, extra headers. */
    private record Reply(int status, JsonNode body, Map<String, String> headers) {
        static Reply ok(JsonNode body) {
            return new Reply(200, body, Map.of());
        }

        static Reply empty(int status) {
            return new Reply(status, null, Map.of());
        }
    }

    private void handle(HttpExchange exchange) {
        Reply reply;
        try {
            reply = route(exchange, drain(exchange));
        } catch (ApiError e) {
            reply = error(e.status(), e.code(), e.getMessage());
        } catch (DeviceManagementException e) {
            reply = error(e.code().httpStatus(), e.code(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = error(503, SiteWhereErrorCode.Unknown, "the REST server is stopping");
        } catch (Exception e) {
            // One line on the console (the client records the 500 as a failed sample); the trace under debug.
            LOG.warn("REST call {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(), e.toString());
            LOG.debug("REST call failure", e);
            reply = error(500, SiteWhereErrorCode.Unknown, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        try {
            send(exchange, reply);
        } catch (IOException e) {
            // The client went away; nothing to answer.
        } finally {
            exchange.close();
        }
    }

    private Reply route(HttpExchange exchange, byte[] body) throws Exception {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        if (path.equals("/sitewhere/authapi/jwt")) {
            return method.equals("GET") ? login(exchange) : Reply.empty(405);
        }
        if (!path.startsWith("/sitewhere/api/")) {
            return Reply.empty(404);
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
            return Reply.empty(401);
        }
        Optional<String> user = authorization.startsWith("Bearer ")
                ? jwt.verify(authorization.substring(7).trim()) : Optional.empty();
        if (user.isEmpty()) {
            return Reply.empty(403);
        }
        List<String> segments = segments(path.substring("/sitewhere/api/".length()));
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        Call call = new Call(method, segments, query, user.get(), body);
        if (segments.isEmpty()) {
            return Reply.empty(404);
        }
        return switch (segments.get(0)) {
            case "system" -> system(call);
            case "tenants" -> tenants(call);
            case "devicetypes" -> deviceTypes(call, tenantOf(exchange));
            case "devices" -> devices(call, tenantOf(exchange));
            case "assignments" -> assignments(call, tenantOf(exchange));
            default -> Reply.empty(404);
        };
    }

    /** One API call: its method, path segments after {@code /api/}, query parameters, user and body. */
    private record Call(String method, List<String> segments, Map<String, String> query, String user,
                        byte[] body) {
        boolean is(String httpMethod, int segmentCount) {
            return method.equals(httpMethod) && segments.size() == segmentCount;
        }

        JsonNode json() throws ApiError {
            try {
                JsonNode node = body.length == 0 ? null : SiteWhereJson.MAPPER.readTree(body);
                if (node == null || !node.isObject()) {
                    throw new ApiError(SiteWhereErrorCode.IncompleteData, "request body must be a JSON object");
                }
                return node;
            } catch (JsonProcessingException e) {
                throw new ApiError(SiteWhereErrorCode.Error, "request body is not valid JSON: "
                        + e.getOriginalMessage());
            } catch (IOException e) {
                throw new ApiError(SiteWhereErrorCode.Error, "request body unreadable: " + e.getMessage());
            }
        }

        <T> T body(Class<T> type) throws ApiError {
            JsonNode node = json();
            try {
                return SiteWhereJson.MAPPER.treeToValue(node, type);
            } catch (JsonProcessingException e) {
                throw new ApiError(SiteWhereErrorCode.Error, "request body does not fit "
                        + type.getSimpleName() + ": " + e.getOriginalMessage());
            }
        }

        Paging paging() throws ApiError {
            return new Paging(positive("page", 1), positive("pageSize", 100));
        }

        private int positive(String name, int fallback) throws ApiError {
            String raw = query.get(name);
            if (raw == null || raw.isEmpty()) {
                return fallback;
            }
            try {
                int value = Integer.parseInt(raw);
                if (value >= 1) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // Answered below with the parameter's name and value.
            }
            throw new ApiError(SiteWhereErrorCode.Error, name + " (" + raw + ") must be an integer >= 1");
        }

        Optional<String> param(String name) {
            return Optional.ofNullable(query.get(name)).filter(v -> !v.isEmpty());
        }

        Optional<Instant> date(String name) throws ApiError {
            Optional<String> raw = param(name);
            if (raw.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(QueryDates.parse(raw.get()));
            } catch (DateTimeParseException e) {
                throw new ApiError(SiteWhereErrorCode.Error, name + " (" + raw.get()
                        + ") is not a date (expected yyyy-MM-dd, yyyyMMdd or ISO-8601 date-time)");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ auth

    private Reply login(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return Reply.empty(401);
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Reply.empty(401);
        }
        int colon = decoded.indexOf(':');
        String[] user = colon < 0 ? null : USERS.get(decoded.substring(0, colon));
        if (user == null || !user[0].equals(decoded.substring(colon + 1))) {
            return Reply.empty(401);
        }
        String username = decoded.substring(0, colon);
        ObjectNode body = SiteWhereJson.MAPPER.createObjectNode();
        body.put("username", username);
        body.put("firstName", user[2]);
        body.put("lastName", user[3]);
        body.put("status", "Active");
        body.putArray("roles").add(user[1]);
        return new Reply(200, body, Map.of(HEADER_JWT, jwt.issue(username, List.of(user[1]))));
    }

    private String tenantOf(HttpExchange exchange) throws ApiError {
        String tenant = exchange.getRequestHeaders().getFirst(HEADER_TENANT_ID);
        if (tenant == null || tenant.isBlank()) {
            throw new ApiError(400, SiteWhereErrorCode.InvalidTenantToken,
                    "header " + HEADER_TENANT_ID + " is required");
        }
        if (!routing.tenants().contains(tenant)) {
            throw new ApiError(SiteWhereErrorCode.InvalidTenantToken,
                    HEADER_TENANT_ID + " (" + tenant + ") names no tenant (known: " + routing.tenants() + ")");
        }
        return tenant;
    }

    // ------------------------------------------------------------------------------------------------ resources

    private Reply system(Call call) {
        if (call.is("GET", 2) && call.segments().get(1).equals("version")) {
            ObjectNode version = SiteWhereJson.MAPPER.createObjectNode();
            version.put("versionIdentifier", "3.0.5");
            version.put("editionIdentifier", "CE");
            version.put("edition", "contmig sandbox (SiteWhere 3.0 compatible)");
            version.put("buildTimestamp", "contmig");
            return Reply.ok(version);
        }
        return Reply.empty(call.segments().size() == 2 ? 405 : 404);
    }

    private Reply tenants(Call call) throws Exception {
        if (call.is("GET", 1)) {
            List<String> all = routing.tenants();
            Paging paging = call.paging();
            List<String> page = all.stream().skip(paging.offset()).limit(paging.pageSize()).toList();
            return Reply.ok(SiteWhereJson.searchResults(new Page<>(all.size(), page), this::tenantJson));
        }
        if (call.is("GET", 2)) {
            String token = call.segments().get(1);
            if (!routing.tenants().contains(token)) {
                throw new ApiError(SiteWhereErrorCode.InvalidTenantToken, "tenant (" + token + ") does not exist");
            }
            return Reply.ok(tenantJson(token));
        }
        if (call.is("POST", 1)) {
            return Reply.ok(createTenant(call.json(), call.user()));
        }
        return Reply.empty(call.segments().size() <= 2 ? 405 : 404);
    }

    private ObjectNode createTenant(JsonNode request, String user) throws Exception {
        String token = request.path("token").asText(null);
        try {
            DeviceManagementSchema.requireTenant(token);
        } catch (IllegalArgumentException e) {
            throw new ApiError(SiteWhereErrorCode.TenantIdFormat, e.getMessage());
        }
        synchronized (tenantCreation) {
            if (routing.tenants().contains(token)) {
                throw new ApiError(SiteWhereErrorCode.DuplicateTenantId, "tenant token (" + token
                        + ") is already in use");
            }
            config.tenantStores().create(token);
            if (!routing.tenants().contains(token)) {
                throw new IllegalStateException("tenant " + token + " was created but the routing does not know it");
            }
            ObjectNode tenant = tenantJson(token);
            tenant.put("name", request.path("name").asText(token));
            tenant.put("authenticationToken", request.path("authenticationToken").asText(token));
            if (request.path("authorizedUserIds").isArray()) {
                tenant.set("authorizedUserIds", request.get("authorizedUserIds"));
            }
            tenant.put("configurationTemplateId", request.path("configurationTemplateId").asText("default"));
            tenant.put("datasetTemplateId", request.path("datasetTemplateId").asText("empty"));
            if (request.path("metadata").isObject()) {
                tenant.set("metadata", request.get("metadata"));
            }
            tenant.put("createdBy", user);
            tenant.put("createdDate", SiteWhereJson.date(now()));
            tenantRecords.put(token, tenant);
            return tenant.deepCopy();
        }
    }

    private ObjectNode tenantJson(String token) {
        ObjectNode known = tenantRecords.get(token);
        if (known != null) {
            return known.deepCopy();
        }
        // Tenants the sandbox created at start (e.g. `default`), described as SiteWhere's default tenant.
        ObjectNode tenant = SiteWhereJson.MAPPER.createObjectNode();
        tenant.put("id", UUID.nameUUIDFromBytes(("tenant:" + token).getBytes(StandardCharsets.UTF_8)).toString());
        tenant.put("token", token);
        tenant.put("name", token.equals("default") ? "Default Tenant" : token);
        tenant.put("authenticationToken", token.equals("default") ? "sitewhere1234567890" : token);
        tenant.putArray("authorizedUserIds").add("admin").add("remote");
        tenant.put("configurationTemplateId", "default");
        tenant.put("datasetTemplateId", "empty");
        tenant.putObject("metadata");
        return tenant;
    }

    private Reply deviceTypes(Call call, String tenant) throws Exception {
        if (call.is("POST", 1)) {
            DeviceTypeCreateRequest request = call.body(DeviceTypeCreateRequest.class);
            return Reply.ok(SiteWhereJson.deviceType(write(tenant,
                    c -> devices.createDeviceType(c, request, call.user(), now()))));
        }
        if (call.is("GET", 1)) {
            Paging paging = call.paging();
            return Reply.ok(SiteWhereJson.searchResults(read(tenant, c -> devices.listDeviceTypes(c, paging)),
                    SiteWhereJson::deviceType));
        }
        if (call.is("GET", 2)) {
            String token = call.segments().get(1);
            return Reply.ok(SiteWhereJson.deviceType(read(tenant, c -> devices.deviceType(c, token))
                    .orElseThrow(() -> new ApiError(SiteWhereErrorCode.InvalidDeviceTypeToken,
                            "device type token (" + token + ") not found"))));
        }
        return Reply.empty(call.segments().size() <= 2 ? 405 : 404);
    }

    private Reply devices(Call call, String tenant) throws Exception {
        if (call.is("POST", 1)) {
            DeviceCreateRequest request = call.body(DeviceCreateRequest.class);
            return Reply.ok(SiteWhereJson.device(write(tenant,
                    c -> devices.createDevice(c, request, call.user(), now()))));
        }
        if (call.is("GET", 1)) {
            Paging paging = call.paging();
            Optional<String> type = call.param("deviceType");
            boolean excludeAssigned = call.param("excludeAssigned").map(Boolean::parseBoolean).orElse(false);
            return Reply.ok(SiteWhereJson.searchResults(
                    read(tenant, c -> devices.listDevices(c, type, excludeAssigned, paging)), SiteWhereJson::device));
        }
        if (call.is("GET", 2)) {
            String token = call.segments().get(1);
            return Reply.ok(SiteWhereJson.device(read(tenant, c -> devices.device(c, token))
                    .orElseThrow(() -> new ApiError(SiteWhereErrorCode.InvalidDeviceToken,
                            "device token (" + token + ") not found"))));
        }
        if (call.is("GET", 4) && call.segments().get(2).equals("assignments")
                && call.segments().get(3).equals("active")) {
            String token = call.segments().get(1);
            return Reply.ok(SiteWhereJson.array(read(tenant, c -> devices.activeAssignments(c, token)),
                    SiteWhereJson::assignment));
        }
        return Reply.empty(call.segments().size() <= 2 ? 405 : 404);
    }

    private Reply assignments(Call call, String tenant) throws Exception {
        if (call.is("POST", 1)) {
            DeviceAssignmentCreateRequest request = call.body(DeviceAssignmentCreateRequest.class);
            DeviceAssignment created = write(tenant, c -> devices.createAssignment(c, request, call.user(), now()));
            return Reply.ok(assignmentWithDevice(tenant, created));
        }
        if (call.is("GET", 1)) {
            Paging paging = call.paging();
            return Reply.ok(SiteWhereJson.searchResults(read(tenant, c -> devices.listAssignments(c,
                    call.param("deviceToken"), call.param("customerToken"), call.param("areaToken"),
                    call.param("assetToken"), paging)), SiteWhereJson::assignment));
        }
        if (call.segments().size() < 2) {
            return Reply.empty(405);
        }
        String token = call.segments().get(1);
        if (call.is("GET", 2)) {
            return Reply.ok(assignmentWithDevice(tenant, assignment(tenant, token)));
        }
        if (call.segments().size() == 3) {
            Optional<EventKind> kind = EventKind.byPathSegment(call.segments().get(2));
            if (kind.isEmpty()) {
                return Reply.empty(404);
            }
            if (call.method().equals("POST")) {
                return Reply.ok(createEvent(tenant, assignment(tenant, token), kind.get(), call.json()));
            }
            if (call.method().equals("GET")) {
                return Reply.ok(listEvents(tenant, assignment(tenant, token), kind.get(), call));
            }
            return Reply.empty(405);
        }
        return Reply.empty(call.segments().size() == 2 ? 405 : 404);
    }

    private DeviceAssignment assignment(String tenant, String token) throws Exception {
        return read(tenant, c -> devices.assignment(c, token)).orElseThrow(() -> new ApiError(
                SiteWhereErrorCode.InvalidDeviceAssignmentToken, "assignment token (" + token + ") not found"));
    }

    /** SiteWhere's marshaled assignment of create/get: the assignment with its device included. */
    private ObjectNode assignmentWithDevice(String tenant, DeviceAssignment assignment) throws Exception {
        ObjectNode json = SiteWhereJson.assignment(assignment);
        read(tenant, c -> devices.device(c, assignment.deviceId()))
                .ifPresent(device -> json.set("device", SiteWhereJson.device(device)));
        return json;
    }

    // ------------------------------------------------------------------------------------------------ events

    private ObjectNode createEvent(String tenant, DeviceAssignment assignment, EventKind kind, JsonNode request)
            throws Exception {
        Instant received = now();
        Map<String, String> metadata = new LinkedHashMap<>();
        JsonNode meta = request.path("metadata");
        if (!meta.isMissingNode() && !meta.isNull()) {
            if (!meta.isObject()) {
                throw new ApiError(SiteWhereErrorCode.Error, "metadata must be a JSON object of strings");
            }
            meta.fields().forEachRemaining(entry -> metadata.put(entry.getKey(), entry.getValue().asText()));
        }
        // SiteWhere's InfluxDB writer adds the time precision to the event's metadata unless the client set one.
        String precision = metadata.get("precision");
        if (precision == null || !List.of("s", "ms", "mu", "ns").contains(precision)) {
            metadata.put("precision", "ms");
        }
        Instant eventDate = eventDate(request.path("eventDate"), received);
        if (metadata.get("precision").equals("s")) {
            eventDate = eventDate.truncatedTo(ChronoUnit.SECONDS);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        switch (kind) {
            case MEASUREMENT -> {
                values.put("name", requiredText(request, "name"));
                values.put("value", number(request, "value", null));
            }
            case LOCATION -> {
                values.put("latitude", number(request, "latitude", null));
                values.put("longitude", number(request, "longitude", null));
                values.put("elevation", number(request, "elevation", 0.0));
            }
            case ALERT -> {
                values.put("source", oneOf(request, "source", "Device", List.of("Device", "System")));
                values.put("level", oneOf(request, "level", "Info", List.of("Info", "Warning", "Error", "Critical")));
                values.put("type", requiredText(request, "type"));
                values.put("message", request.path("message").asText(null));
            }
        }
        StoredEvent event = new StoredEvent(UUID.randomUUID(), request.path("alternateId").asText(null), kind,
                assignment.deviceId(), assignment.id(), assignment.customerId(), assignment.areaId(),
                assignment.assetId(), eventDate, received, metadata, values);
        String database = DeviceManagementSchema.databaseName(tenant);
        try (WritePermit permit = admit(tenant, Store.INFLUXDB)) {
            String from = routing.siteOf(tenant, Store.PIPELINE);
            for (String site : permit.sites()) {
                influx.write(routing.endpoints(site, from).influxUrl(), database, event, assignment.metadata());
            }
        }
        config.events().persisted(new PersistedEvent(tenant, event.deviceId(), event.id(),
                SiteWhereJson.outboundEvent(event)));
        return SiteWhereJson.event(event);
    }

    private ObjectNode listEvents(String tenant, DeviceAssignment assignment, EventKind kind, Call call)
            throws Exception {
        Paging paging = call.paging();
        Optional<Instant> start = call.date("startDate");
        Optional<Instant> end = call.date("endDate");
        String site = routing.siteOf(tenant, Store.INFLUXDB);
        SiteEndpoints endpoints = routing.endpoints(site, routing.siteOf(tenant, Store.PIPELINE));
        Page<StoredEvent> page = influx.list(endpoints.influxUrl(), DeviceManagementSchema.databaseName(tenant), kind,
                assignment.id(), start, end, paging);
        return SiteWhereJson.searchResults(page, SiteWhereJson::event);
    }

    private static Instant eventDate(JsonNode value, Instant fallback) throws ApiError {
        if (value.isMissingNode() || value.isNull()) {
            return fallback;
        }
        if (value.isNumber()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return QueryDates.parse(value.asText());
            } catch (DateTimeParseException again) {
                throw new ApiError(SiteWhereErrorCode.Error, "eventDate (" + value.asText()
                        + ") must be epoch milliseconds or an ISO-8601 date-time");
            }
        }
    }

    private static String requiredText(JsonNode request, String field) throws ApiError {
        JsonNode value = request.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ApiError(SiteWhereErrorCode.IncompleteData, field + " is required (a string)");
        }
        return value.asText();
    }

    private static Double number(JsonNode request, String field, Double fallback) throws ApiError {
        JsonNode value = request.path(field);
        if ((value.isMissingNode() || value.isNull()) && fallback != null) {
            return fallback;
        }
        try {
            double d = value.isNumber() ? value.asDouble()
                    : value.isTextual() ? new BigDecimal(value.asText()).doubleValue() : Double.NaN;
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // Answered below with the field's name and value.
        }
        throw new ApiError(SiteWhereErrorCode.IncompleteData, field + " (" + value + ") must be a finite number");
    }

    private static String oneOf(JsonNode request, String field, String fallback, List<String> allowed)
            throws ApiError {
        String value = request.path(field).asText(fallback);
        if (!allowed.contains(value)) {
            throw new ApiError(SiteWhereErrorCode.Error, field + " (" + value + ") must be one of: "
                    + String.join(", ", allowed));
        }
        return value;
    }

    // ------------------------------------------------------------------------------------------------ stores

    /** Work on one tenant database connection. */
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException, DeviceManagementException, ApiError;
    }

    private <T> T read(String tenant, SqlWork<T> work) throws Exception {
        return onDatabase(tenant, routing.siteOf(tenant, Store.POSTGRESQL), work);
    }

    private <T> T write(String tenant, SqlWork<T> work) throws Exception {
        try (WritePermit permit = admit(tenant, Store.POSTGRESQL)) {
            return onDatabase(tenant, permit.primarySite(), work);
        }
    }

    private <T> T onDatabase(String tenant, String site, SqlWork<T> work) throws Exception {
        SiteEndpoints endpoints = routing.endpoints(site, routing.siteOf(tenant, Store.PIPELINE));
        String url = endpoints.jdbcUrl(DeviceManagementSchema.databaseName(tenant));
        for (int attempt = 1; ; attempt++) {
            try (JdbcConnections.Lease lease = connections.lease(url, endpoints.postgresUser(),
                    endpoints.postgresPassword())) {
                try {
                    return work.run(lease.connection());
                } catch (SQLException e) {
                    // The connection may be broken (server restarted, proxy reset): do not reuse it.
                    lease.discard();
                    // A kept connection that broke while idle (server restarted, backend terminated, proxy reset)
                    // fails with a connection error before its statement ran: retry once on a new connection.
                    if (!lease.reused() || !brokenConnection(e) || attempt > 1) {
                        throw e;
                    }
                    connections.evictIdle(url);
                }
            }
        }
    }

    /** SQLState class 08 (connection exception) or 57P01..57P03 (the server ended the session). */
    private static boolean brokenConnection(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    private WritePermit admit(String tenant, Store store) throws ApiError, InterruptedException {
        try {
            return config.writes().admit(tenant, store);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new ApiError(503, SiteWhereErrorCode.Unknown, "write of tenant " + tenant + " to "
                    + store.label() + " refused: " + e.getMessage());
        }
    }

    private Instant now() {
        return config.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    private static Reply error(int status, SiteWhereErrorCode code, String message) {
        ObjectNode body = SiteWhereJson.MAPPER.createObjectNode();
        body.put("message", message);
        body.put("errorCode", code.code());
        body.put("errorDescription", code.description());
        // Header values cannot hold line breaks.
        String header = message == null ? "" : message.replaceAll("[\\r\\n]+", " ");
        return new Reply(status, body, Map.of(HEADER_ERROR, header,
                HEADER_ERROR_CODE, Long.toString(code.code())));
    }

    /** Request bodies above this are refused (the API's bodies are small JSON objects). */
    private static final int MAX_BODY_BYTES = 1 << 20;

    /** The request body (read here rather than kept as an exchange attribute: those are shared per context). */
    private static byte[] drain(HttpExchange exchange) throws IOException, ApiError {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new ApiError(413, SiteWhereErrorCode.Error, "request body exceeds " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        if (reply.body() == null) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        byte[] bytes = SiteWhereJson.MAPPER.writeValueAsBytes(reply.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (!raw.isEmpty()) {
                segments.add(URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null) {
            return parameters;
        }
        Arrays.stream(rawQuery.split("&")).filter(p -> !p.isEmpty()).forEach(pair -> {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            parameters.putIfAbsent(name, value);
        });
        return parameters;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "SiteWhereRestServer[%s]", baseUrl());
    }
}
