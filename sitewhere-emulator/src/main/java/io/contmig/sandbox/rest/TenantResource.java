package io.contmig.sandbox.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.contmig.sandbox.devices.DeviceManagementSchema;
import io.contmig.sandbox.devices.Page;
import io.contmig.sandbox.devices.Paging;
import io.contmig.sandbox.devices.SiteWhereErrorCode;
import io.contmig.target.TenantRouting;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The REST resources {@code /system/version} and {@code /tenants} (list, get, create) of the
 * {@link SiteWhereRestServer}. The tenants are the {@link TenantRouting}'s; a tenant created here gets its stores
 * from the {@link TenantStores} and keeps the record it was created with.
 *
 * <p>Thread-safe; tenant creation is serialised. Refusals are {@link ApiError}s; a failure of the
 * {@link TenantStores} propagates (a 500).
 */
final class TenantResource {

    private final TenantRouting routing;
    private final TenantStores tenantStores;
    private final Clock clock;
    private final Map<String, ObjectNode> tenantRecords = new ConcurrentHashMap<>();
    private final Object tenantCreation = new Object();

    TenantResource(TenantRouting routing, TenantStores tenantStores, Clock clock) {
        this.routing = routing;
        this.tenantStores = tenantStores;
        this.clock = clock;
    }

    /** {@code GET /system/version}: SiteWhere 3.0.5's version body. */
    Reply system(Call call) {
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

    /** {@code GET /tenants}, {@code GET /tenants/<token>}, {@code POST /tenants}. */
    Reply tenants(Call call) throws Exception {
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
            tenantStores.create(token);
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
            tenant.put("createdDate", SiteWhereJson.date(clock.instant().truncatedTo(ChronoUnit.MILLIS)));
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
}
