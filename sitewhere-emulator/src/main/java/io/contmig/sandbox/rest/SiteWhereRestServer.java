package io.contmig.sandbox.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.contmig.sandbox.devices.DeviceManagementException;
import io.contmig.sandbox.devices.Paging;
import io.contmig.sandbox.devices.SiteWhereErrorCode;
import io.contmig.target.TenantRouting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
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
 * <p>This class holds the server, the dispatch, the login and the HTTP details; the resources are
 * {@link TenantResource} ({@code /system}, {@code /tenants}), {@link DeviceResource} ({@code /devicetypes},
 * {@code /devices}, {@code /assignments}) and {@link EventResource} (an assignment's events), and their way to the
 * tenant databases is {@link TenantDatabases}.
 *
 * <p>Thread-safe; calls run on a bounded pool of {@code threads} threads. Under overload (more than
 * {@value #QUEUED_PER_THREAD} calls per thread in progress or waiting) a call is answered 503 with
 * {@code Retry-After: 1} at once instead of waiting; listings serve at most {@link Paging#MAX_PAGE_SIZE} per page.
 * {@link #close()} stops the server and
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
    private static final Map<String, String[]> DEFAULT_USERS = Map.of(
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
     * @param password      every user's password; empty = SiteWhere's well-known defaults (admin/password, remote/remote)
     */
    public record Config(TenantRouting routing, WriteAdmission writes, EventSink events, TenantStores tenantStores,
                         Duration tokenLifetime, int threads, int port, Clock clock, Optional<String> password) {

        public Config {
            Objects.requireNonNull(routing, "routing");
            Objects.requireNonNull(writes, "writes");
            Objects.requireNonNull(events, "events");
            Objects.requireNonNull(tenantStores, "tenantStores");
            Objects.requireNonNull(tokenLifetime, "tokenLifetime");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(password, "password");
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
                    Clock.systemUTC(), Optional.empty());
        }

        public Config withTokenLifetime(Duration lifetime) {
            return new Config(routing, writes, events, tenantStores, lifetime, threads, port, clock, password);
        }

        public Config withThreads(int count) {
            return new Config(routing, writes, events, tenantStores, tokenLifetime, count, port, clock, password);
        }

        public Config withPort(int tcpPort) {
            return new Config(routing, writes, events, tenantStores, tokenLifetime, threads, tcpPort, clock, password);
        }

        public Config withClock(Clock newClock) {
            return new Config(routing, writes, events, tenantStores, tokenLifetime, threads, port, newClock, password);
        }

        /** Every user's password (instead of SiteWhere's well-known defaults): what the sandbox uses. */
        public Config withPassword(String secret) {
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("password must be non-empty");
            }
            return new Config(routing, writes, events, tenantStores, tokenLifetime, threads, port, clock,
                    Optional.of(secret));
        }
    }

    /** Calls that may wait per worker thread before the server answers 503 (overload) instead of queueing more. */
    static final int QUEUED_PER_THREAD = 16;

    private final TenantRouting routing;
    private final Map<String, String[]> users;
    private final HmacJwt jwt;
    private final HttpServer server;
    private final ThreadPoolExecutor pool;
    /** Set on the dispatcher thread while it answers a call 503 because {@link #maxInFlight} calls are in progress. */
    private static final ThreadLocal<Boolean> OVERLOADED = new ThreadLocal<>();
    /** Calls accepted and not finished; at {@link #maxInFlight}, calls are answered 503 without being served. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int maxInFlight;
    private final JdbcConnections connections;
    private final TenantResource tenantResource;
    private final DeviceResource deviceResource;

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and the
        // client's delayed ACK add ~40 ms to most responses. Read once, when the JDK's server classes load.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private SiteWhereRestServer(Config config) throws IOException {
        this.routing = config.routing();
        this.users = config.password().map(SiteWhereRestServer::usersWith).orElse(DEFAULT_USERS);
        this.jwt = new HmacJwt(config.tokenLifetime(), config.clock());
        this.connections = new JdbcConnections(config.threads());
        TenantDatabases databases = new TenantDatabases(routing, config.writes(), connections);
        InfluxEventStore influx = new InfluxEventStore(Duration.ofSeconds(30));
        this.tenantResource = new TenantResource(routing, config.tenantStores(), config.clock());
        this.deviceResource = new DeviceResource(databases,
                new EventResource(routing, databases, influx, config.events(), config.clock()), config.clock());
        AtomicInteger threadNumber = new AtomicInteger();
        this.maxInFlight = config.threads() * QUEUED_PER_THREAD;
        // Room for far more than maxInFlight: calls beyond it are answered 503 at once, which drains the queue.
        this.pool = new ThreadPoolExecutor(config.threads(), config.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(maxInFlight * 8), runnable -> {
                    Thread thread = new Thread(runnable, "contmig-rest-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 256);
        server.setExecutor(task -> {
            if (inFlight.get() >= maxInFlight) {
                // Answered on the dispatcher thread, without a worker: a 503 costs microseconds, so an overload
                // cannot grow a queue, and the workers keep serving the calls already admitted.
                OVERLOADED.set(Boolean.TRUE);
                try {
                    task.run();
                } finally {
                    OVERLOADED.remove();
                }
                return;
            }
            inFlight.incrementAndGet();
            try {
                pool.execute(() -> {
                    try {
                        task.run();
                    } finally {
                        inFlight.decrementAndGet();
                    }
                });
            } catch (RuntimeException rejected) {
                inFlight.decrementAndGet();
                throw rejected;
            }
        });
        server.createContext("/sitewhere/", this::handle);
        server.start();
    }

    /** SiteWhere's users and roles, each with {@code password}. */
    private static Map<String, String[]> usersWith(String password) {
        Map<String, String[]> out = new HashMap<>();
        DEFAULT_USERS.forEach((name, user) -> {
            String[] copy = user.clone();
            copy[0] = password;
            out.put(name, copy);
        });
        return Map.copyOf(out);
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

    private void handle(HttpExchange exchange) {
        Reply reply;
        if (OVERLOADED.get() != null) {
            // The body is left unread: the server closes the connection after the answer.
            reply = Reply.error(503, SiteWhereErrorCode.Unknown, "overloaded: " + maxInFlight
                    + " calls in progress; retry later");
            exchange.getResponseHeaders().set("Retry-After", "1");
        } else {
            reply = respond(exchange.getRequestMethod(), exchange.getRequestURI(), exchange.getRequestHeaders(),
                    () -> drain(exchange));
        }
        try {
            send(exchange, reply);
        } catch (IOException e) {
            // The client went away; nothing to answer.
        } finally {
            exchange.close();
        }
    }

    /** The body of a call, read when the call is served (a refusal of its size is an {@link ApiError}). */
    @FunctionalInterface
    interface RequestBody {
        byte[] read() throws IOException, ApiError;
    }

    /**
     * The answer to one call, whatever it holds: the seam between HTTP and the API (fuzzed by {@code RestApiFuzzIT}).
     * Refusals become SiteWhere's error answers; an unexpected failure a 500, logged in one line.
     */
    Reply respond(String method, URI uri, Headers headers, RequestBody body) {
        try {
            return route(method, uri, headers, body.read());
        } catch (ApiError e) {
            return Reply.error(e.status(), e.code(), e.getMessage());
        } catch (DeviceManagementException e) {
            return Reply.error(e.code().httpStatus(), e.code(), e.getMessage());
        } catch (Call.NulCharacter e) {
            return Reply.error(400, SiteWhereErrorCode.Error, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.error(503, SiteWhereErrorCode.Unknown, "the REST server is stopping");
        } catch (Exception e) {
            // One line on the console (the client records the 500 as a failed sample); the trace under debug.
            LOG.warn("REST call {} {} failed: {}", method, uri, e.toString());
            LOG.debug("REST call failure", e);
            return Reply.error(500, SiteWhereErrorCode.Unknown, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private Reply route(String method, URI uri, Headers headers, byte[] body) throws Exception {
        String path = uri.getRawPath();
        if (path.equals("/sitewhere/authapi/jwt")) {
            return method.equals("GET") ? login(headers) : Reply.empty(405);
        }
        if (!path.startsWith("/sitewhere/api/")) {
            return Reply.empty(404);
        }
        String authorization = headers.getFirst("Authorization");
        if (authorization == null) {
            return Reply.empty(401);
        }
        Optional<String> user = authorization.startsWith("Bearer ")
                ? jwt.verify(authorization.substring(7).trim()) : Optional.empty();
        if (user.isEmpty()) {
            return Reply.empty(403);
        }
        List<String> segments = segments(path.substring("/sitewhere/api/".length()));
        Map<String, String> query = query(uri.getRawQuery());
        Call call = new Call(method, segments, query, user.get(), body);
        if (segments.isEmpty()) {
            return Reply.empty(404);
        }
        return switch (segments.get(0)) {
            case "system" -> tenantResource.system(call);
            case "tenants" -> tenantResource.tenants(call);
            case "devicetypes" -> deviceResource.deviceTypes(call, tenantOf(headers));
            case "devices" -> deviceResource.devices(call, tenantOf(headers));
            case "assignments" -> deviceResource.assignments(call, tenantOf(headers));
            default -> Reply.empty(404);
        };
    }

    // ------------------------------------------------------------------------------------------------ auth

    private Reply login(Headers headers) {
        String authorization = headers.getFirst("Authorization");
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
        String[] user = colon < 0 ? null : users.get(decoded.substring(0, colon));
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

    private String tenantOf(Headers headers) throws ApiError {
        String tenant = headers.getFirst(HEADER_TENANT_ID);
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

    // ------------------------------------------------------------------------------------------------ HTTP

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