package io.contmig.load.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.load.mqtt.DeviceIdentity;
import io.contmig.load.mqtt.TenantDevices;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates what devices need before their events are stored — a device type, the devices and an active assignment
 * each — per tenant, over SiteWhere's REST API (JDK {@link HttpClient}, SiteWhere's headers, a JWT refreshed before
 * it expires). Idempotent: everything is looked up first and reused when present; a "already in use" answer to a
 * create (a concurrent provisioner) is resolved by reading the existing entity.
 *
 * <p>Checks first, then creates: the login and every tenant are verified before anything is written, and all
 * problems found then are reported at once. Not thread-safe (one {@link #provision} at a time); devices are
 * provisioned by {@code parallelism} worker threads. On failure a {@link ProvisioningException} says what failed
 * and how much had been created (running it again finishes the job).
 */
public final class SiteWhereProvisioner {

    /** Device type used when none is named. */
    public static final String DEFAULT_DEVICE_TYPE = "contmig-sensor";

    private final RestEndpoint endpoint;
    private final JwtSource jwt;
    private final SiteWhereHttp http;
    private final int parallelism;

    public SiteWhereProvisioner(RestEndpoint endpoint, Duration requestTimeout, int parallelism) {
        this(endpoint, requestTimeout, parallelism, Clock.systemUTC());
    }

    /** @param clock decides when the JWT is refreshed */
    public SiteWhereProvisioner(RestEndpoint endpoint, Duration requestTimeout, int parallelism, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism (" + parallelism + ") must be >= 1");
        }
        this.parallelism = parallelism;
        HttpClient client = HttpClient.newBuilder().connectTimeout(requestTimeout)
                .version(HttpClient.Version.HTTP_1_1).build();
        this.jwt = new JwtSource(client, endpoint, requestTimeout, clock);
        this.http = new SiteWhereHttp(client, endpoint, jwt, requestTimeout);
    }

    /** The JWT source (shared with whoever else calls the API, e.g. REST load). */
    public JwtSource jwt() {
        return jwt;
    }

    /**
     * Verifies the login and that every tenant exists; writes nothing.
     *
     * @throws ProvisioningException listing every problem (unreachable API, refused credentials, unknown tenants)
     */
    public void check(List<String> tenants) throws ProvisioningException {
        jwt.token();
        List<String> problems = new ArrayList<>();
        for (String tenant : tenants) {
            SiteWhereHttp.Answer answer = http.get(tenant, "tenants/" + encode(tenant));
            if (answer.ok()) {
                continue;
            }
            if (answer.notFound()) {
                problems.add("tenant '" + tenant + "' does not exist at " + endpoint.baseUrl() + " (HTTP "
                        + answer.status() + ": " + answer.message() + ")");
                continue;
            }
            // Users without the system-admin role may not read tenants: ask a tenant-scoped resource instead.
            SiteWhereHttp.Answer probe = http.get(tenant, "devicetypes?page=1&pageSize=1");
            if (!probe.ok()) {
                problems.add("tenant '" + tenant + "' is not usable at " + endpoint.baseUrl() + " (HTTP "
                        + probe.status() + ": " + probe.message() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new ProvisioningException("provisioning refused before writing anything:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    /**
     * Makes sure {@code deviceType} and every device of {@code tenants}, each with an active assignment, exist.
     *
     * @param tenants devices by token (their ids are ignored; the answer carries the server's)
     * @return token ↔ device id and assignment, with created/reused counts
     */
    public ProvisionedFleet provision(String deviceType, List<TenantDevices> tenants) throws ProvisioningException {
        check(tenants.stream().map(TenantDevices::tenant).toList());
        AtomicInteger[] created = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        AtomicInteger[] reused = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        Map<String, List<ProvisionedFleet.ProvisionedDevice>> result = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "contmig-provision");
            t.setDaemon(true);
            return t;
        });
        try {
            for (TenantDevices tenant : tenants) {
                String t = tenant.tenant();
                ensureDeviceType(t, deviceType, created, reused);
                List<Future<ProvisionedFleet.ProvisionedDevice>> futures = new ArrayList<>();
                for (DeviceIdentity device : tenant.devices()) {
                    futures.add(pool.submit(() -> ensureDevice(t, deviceType, device.token(), created, reused)));
                }
                List<ProvisionedFleet.ProvisionedDevice> devices = new ArrayList<>();
                for (Future<ProvisionedFleet.ProvisionedDevice> f : futures) {
                    devices.add(f.get());
                }
                result.put(t, devices);
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String done = progress(created);
            if (cause instanceof ProvisioningException p) {
                throw new ProvisioningException(p.getMessage() + " (" + done + ")", p);
            }
            throw new ProvisioningException("provisioning failed: " + cause + " (" + done + ")", cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("provisioning interrupted (" + progress(created) + ")", e);
        } catch (ProvisioningException e) {
            throw new ProvisioningException(e.getMessage() + " (" + progress(created) + ")", e);
        } finally {
            pool.shutdownNow();
        }
        return new ProvisionedFleet(result, counts(created), counts(reused));
    }

    private static ProvisionedFleet.Counts counts(AtomicInteger[] c) {
        return new ProvisionedFleet.Counts(c[0].get(), c[1].get(), c[2].get());
    }

    private static String progress(AtomicInteger[] created) {
        return "created so far: " + created[0].get() + " device types, " + created[1].get() + " devices, "
                + created[2].get() + " assignments; provisioning is idempotent, run it again to finish";
    }

    private void ensureDeviceType(String tenant, String token, AtomicInteger[] created, AtomicInteger[] reused)
            throws ProvisioningException {
        String path = "devicetypes/" + encode(token);
        SiteWhereHttp.Answer existing = http.get(tenant, path);
        if (existing.ok()) {
            reused[0].incrementAndGet();
            return;
        }
        requireNotFound(existing, tenant, "GET", path);
        ObjectNode body = SiteWhereHttp.JSON.createObjectNode();
        body.put("token", token);
        body.put("name", "contmig simulated sensor");
        body.put("description", "created by contmig for load tests");
        body.put("imageUrl", "https://example.invalid/contmig-sensor.png");
        body.put("containerPolicy", "Standalone");
        body.putObject("metadata");
        SiteWhereHttp.Answer answer = http.post(tenant, "devicetypes", body);
        if (answer.ok()) {
            created[0].incrementAndGet();
        } else if (answer.duplicate()) {
            reused[0].incrementAndGet();
        } else {
            throw unexpected(answer, tenant, "POST", "devicetypes");
        }
    }

    private ProvisionedFleet.ProvisionedDevice ensureDevice(String tenant, String deviceType, String token,
                                                            AtomicInteger[] created, AtomicInteger[] reused)
            throws ProvisioningException {
        String path = "devices/" + encode(token);
        SiteWhereHttp.Answer device = http.get(tenant, path);
        if (device.ok()) {
            reused[1].incrementAndGet();
        } else {
            requireNotFound(device, tenant, "GET", path);
            ObjectNode body = SiteWhereHttp.JSON.createObjectNode();
            body.put("token", token);
            body.put("deviceTypeToken", deviceType);
            body.put("comments", "contmig simulated device");
            body.putObject("metadata");
            device = http.post(tenant, "devices", body);
            if (device.ok()) {
                created[1].incrementAndGet();
            } else if (device.duplicate()) {
                device = http.get(tenant, path);
                if (!device.ok()) {
                    throw unexpected(device, tenant, "GET", path);
                }
                reused[1].incrementAndGet();
            } else {
                throw unexpected(device, tenant, "POST", "devices");
            }
        }
        String deviceId = device.body().path("id").asText("");
        if (deviceId.isEmpty()) {
            throw new ProvisioningException("tenant " + tenant + ": device " + token + " has no id in "
                    + device.rawBody());
        }
        String active = activeAssignment(tenant, token);
        if (active != null) {
            reused[2].incrementAndGet();
            return new ProvisionedFleet.ProvisionedDevice(token, deviceId, active);
        }
        String assignmentToken = token + "-asg";
        ObjectNode body = SiteWhereHttp.JSON.createObjectNode();
        body.put("token", assignmentToken);
        body.put("deviceToken", token);
        body.putObject("metadata");
        SiteWhereHttp.Answer assignment = http.post(tenant, "assignments", body);
        if (assignment.ok()) {
            created[2].incrementAndGet();
            return new ProvisionedFleet.ProvisionedDevice(token, deviceId,
                    assignment.body().path("token").asText(assignmentToken));
        }
        if (assignment.duplicate()) {
            // A released assignment may hold the token: a new active one gets a fresh token.
            String retry = assignmentToken + "-" + Long.toString(System.nanoTime() & 0xffffff, 36);
            body.put("token", retry);
            SiteWhereHttp.Answer again = http.post(tenant, "assignments", body);
            if (again.ok()) {
                created[2].incrementAndGet();
                return new ProvisionedFleet.ProvisionedDevice(token, deviceId, again.body().path("token").asText(retry));
            }
            String raced = activeAssignment(tenant, token);
            if (raced != null) {
                reused[2].incrementAndGet();
                return new ProvisionedFleet.ProvisionedDevice(token, deviceId, raced);
            }
            throw unexpected(again, tenant, "POST", "assignments");
        }
        throw unexpected(assignment, tenant, "POST", "assignments");
    }

    /** The token of the device's first active assignment, or null; accepts a JSON array or search results. */
    private String activeAssignment(String tenant, String deviceToken) throws ProvisioningException {
        String path = "devices/" + encode(deviceToken) + "/assignments/active";
        SiteWhereHttp.Answer answer = http.get(tenant, path);
        if (!answer.ok()) {
            if (answer.notFound()) {
                return null;
            }
            throw unexpected(answer, tenant, "GET", path);
        }
        JsonNode list = answer.body().isArray() ? answer.body() : answer.body().path("results");
        for (JsonNode a : list) {
            String status = a.path("status").asText("Active");
            String token = a.path("token").asText("");
            if (!token.isEmpty() && status.equalsIgnoreCase("Active")) {
                return token;
            }
        }
        return null;
    }

    private void requireNotFound(SiteWhereHttp.Answer answer, String tenant, String method, String path)
            throws ProvisioningException {
        if (!answer.notFound()) {
            throw unexpected(answer, tenant, method, path);
        }
    }

    private ProvisioningException unexpected(SiteWhereHttp.Answer answer, String tenant, String method, String path) {
        String hint = answer.status() == 401 || answer.status() == 403
                ? " (the JWT was refused: user '" + endpoint.username() + "' may lack access to tenant '" + tenant + "')"
                : "";
        return new ProvisioningException("tenant " + tenant + ": " + method + " " + endpoint.api(path) + " answered HTTP "
                + answer.status() + ": " + answer.message() + hint);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
