package io.contmig.sandbox.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.sandbox.devices.DeviceAssignment;
import io.contmig.sandbox.devices.DeviceAssignmentCreateRequest;
import io.contmig.sandbox.devices.DeviceCreateRequest;
import io.contmig.sandbox.devices.DeviceTypeCreateRequest;
import io.contmig.sandbox.devices.JdbcDeviceManagement;
import io.contmig.sandbox.devices.JdbcDeviceUpdates;
import io.contmig.sandbox.devices.Paging;
import io.contmig.sandbox.devices.SiteWhereErrorCode;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The device-management resources {@code /devicetypes}, {@code /devices} and {@code /assignments} of the
 * {@link SiteWhereRestServer}, on the tenant's PostgreSQL database; an assignment's event paths are passed on to
 * the {@link EventResource}.
 *
 * <p>Thread-safe (stateless but for its collaborators). Unknown tokens and invalid requests are {@link ApiError}s
 * or {@link io.contmig.sandbox.devices.DeviceManagementException}s; database failures propagate (a 500).
 */
final class DeviceResource {

    private final TenantDatabases databases;
    private final EventResource eventResource;
    private final JdbcDeviceManagement devices = new JdbcDeviceManagement();
    private final JdbcDeviceUpdates updates = new JdbcDeviceUpdates();
    private final Clock clock;

    DeviceResource(TenantDatabases databases, EventResource eventResource, Clock clock) {
        this.databases = databases;
        this.eventResource = eventResource;
        this.clock = clock;
    }

    /** {@code POST|GET /devicetypes}, {@code GET /devicetypes/<token>}. */
    Reply deviceTypes(Call call, String tenant) throws Exception {
        if (call.is("POST", 1)) {
            DeviceTypeCreateRequest request = call.body(DeviceTypeCreateRequest.class);
            return Reply.ok(SiteWhereJson.deviceType(databases.write(tenant,
                    c -> devices.createDeviceType(c, request, call.user(), now()))));
        }
        if (call.is("GET", 1)) {
            Paging paging = call.paging();
            return Reply.ok(SiteWhereJson.searchResults(
                    databases.read(tenant, c -> devices.listDeviceTypes(c, paging)), SiteWhereJson::deviceType));
        }
        if (call.is("GET", 2)) {
            String token = call.segments().get(1);
            return Reply.ok(SiteWhereJson.deviceType(databases.read(tenant, c -> devices.deviceType(c, token))
                    .orElseThrow(() -> new ApiError(SiteWhereErrorCode.InvalidDeviceTypeToken,
                            "device type token (" + token + ") not found"))));
        }
        return Reply.empty(call.segments().size() <= 2 ? 405 : 404);
    }

    /**
     * {@code POST|GET /devices}, {@code GET|PUT /devices/<token>}, {@code GET /devices/<token>/assignments/active}.
     */
    Reply devices(Call call, String tenant) throws Exception {
        if (call.is("POST", 1)) {
            DeviceCreateRequest request = call.body(DeviceCreateRequest.class);
            return Reply.ok(SiteWhereJson.device(databases.write(tenant,
                    c -> devices.createDevice(c, request, call.user(), now()))));
        }
        if (call.is("GET", 1)) {
            Paging paging = call.paging();
            Optional<String> type = call.param("deviceType");
            boolean excludeAssigned = call.param("excludeAssigned").map(Boolean::parseBoolean).orElse(false);
            return Reply.ok(SiteWhereJson.searchResults(
                    databases.read(tenant, c -> devices.listDevices(c, type, excludeAssigned, paging)),
                    SiteWhereJson::device));
        }
        if (call.is("GET", 2)) {
            String token = call.segments().get(1);
            return Reply.ok(SiteWhereJson.device(databases.read(tenant, c -> devices.device(c, token))
                    .orElseThrow(() -> new ApiError(SiteWhereErrorCode.InvalidDeviceToken,
                            "device token (" + token + ") not found"))));
        }
        if (call.is("PUT", 2)) {
            String token = call.segments().get(1);
            DeviceCreateRequest request = call.body(DeviceCreateRequest.class);
            return Reply.ok(SiteWhereJson.device(databases.write(tenant,
                    c -> updates.updateDevice(c, token, request, call.user(), now()))));
        }
        if (call.is("GET", 4) && call.segments().get(2).equals("assignments")
                && call.segments().get(3).equals("active")) {
            String token = call.segments().get(1);
            return Reply.ok(SiteWhereJson.array(databases.read(tenant, c -> devices.activeAssignments(c, token)),
                    SiteWhereJson::assignment));
        }
        return Reply.empty(call.segments().size() <= 2 ? 405 : 404);
    }

    /**
     * {@code POST|GET /assignments}, {@code GET /assignments/<token>}, {@code POST /assignments/<token>/end}
     * (release) and {@code /assignments/<token>/<kind>}.
     */
    Reply assignments(Call call, String tenant) throws Exception {
        if (call.is("POST", 1)) {
            DeviceAssignmentCreateRequest request = call.body(DeviceAssignmentCreateRequest.class);
            DeviceAssignment created = databases.write(tenant,
                    c -> devices.createAssignment(c, request, call.user(), now()));
            return Reply.ok(assignmentWithDevice(tenant, created));
        }
        if (call.is("GET", 1)) {
            Paging paging = call.paging();
            return Reply.ok(SiteWhereJson.searchResults(databases.read(tenant, c -> devices.listAssignments(c,
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
        if (call.is("POST", 3) && call.segments().get(2).equals("end")) {
            DeviceAssignment ended = databases.write(tenant, c -> updates.endAssignment(c, token, call.user(), now()));
            return Reply.ok(assignmentWithDevice(tenant, ended));
        }
        if (call.segments().size() == 3) {
            Optional<EventKind> kind = EventKind.byPathSegment(call.segments().get(2));
            if (kind.isEmpty()) {
                return Reply.empty(404);
            }
            if (call.method().equals("POST")) {
                return Reply.ok(eventResource.createEvent(tenant, assignment(tenant, token), kind.get(),
                        call.json()));
            }
            if (call.method().equals("GET")) {
                return Reply.ok(eventResource.listEvents(tenant, assignment(tenant, token), kind.get(), call));
            }
            return Reply.empty(405);
        }
        return Reply.empty(call.segments().size() == 2 ? 405 : 404);
    }

    private DeviceAssignment assignment(String tenant, String token) throws Exception {
        return databases.read(tenant, c -> devices.assignment(c, token)).orElseThrow(() -> new ApiError(
                SiteWhereErrorCode.InvalidDeviceAssignmentToken, "assignment token (" + token + ") not found"));
    }

    /** SiteWhere's marshaled assignment of create/get: the assignment with its device included. */
    private ObjectNode assignmentWithDevice(String tenant, DeviceAssignment assignment) throws Exception {
        ObjectNode json = SiteWhereJson.assignment(assignment);
        databases.read(tenant, c -> devices.device(c, assignment.deviceId()))
                .ifPresent(device -> json.set("device", SiteWhereJson.device(device)));
        return json;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
