package io.contmig.sandbox.devices;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.contmig.sandbox.devices.JdbcDeviceManagement.inTransaction;
import static io.contmig.sandbox.devices.JdbcDeviceManagement.insertMetadata;
import static io.contmig.sandbox.devices.JdbcDeviceManagement.timestamp;

/**
 * SiteWhere's updates of the device registry over JDBC: {@code updateDevice} ({@code PUT /devices/{token}}) and
 * {@code endDeviceAssignment} ({@code POST /assignments/{token}/end}), as SiteWhere's
 * {@code DeviceManagementPersistence} applies them: a field of the update request that is set replaces the
 * stored one, metadata is replaced as a whole when the request carries some, and {@code updated_by}/{@code
 * updated_date} are stamped. Kept apart from {@link JdbcDeviceManagement} (creates and reads) so that each stays
 * small.
 *
 * <p>Stateless and thread-safe; the caller owns the connection. Each update runs in its own transaction
 * (committed, or rolled back on any exception). Unknown tokens and invalid values throw
 * {@link DeviceManagementException} with SiteWhere's error code; other database failures propagate.
 */
public final class JdbcDeviceUpdates {

    private final JdbcDeviceManagement reads = new JdbcDeviceManagement();

    /**
     * Applies {@code request} to the device with {@code token} ({@code request.token()} is ignored: SiteWhere keys
     * the update by the path's token) and returns the device as stored afterwards.
     */
    public Device updateDevice(Connection c, String token, DeviceCreateRequest request, String user, Instant now)
            throws SQLException, DeviceManagementException {
        Device existing = reads.device(c, token).orElseThrow(() -> new DeviceManagementException(
                SiteWhereErrorCode.InvalidDeviceToken, "device token (" + token + ") names no device"));
        UUID typeId = existing.deviceTypeId();
        if (request.deviceTypeToken() != null) {
            typeId = reads.deviceType(c, request.deviceTypeToken()).orElseThrow(() -> new DeviceManagementException(
                    SiteWhereErrorCode.InvalidDeviceTypeToken,
                    "deviceTypeToken (" + request.deviceTypeToken() + ") names no device type")).id();
        }
        UUID parentId = existing.parentDeviceId();
        if (request.parentDeviceToken() != null) {
            parentId = reads.device(c, request.parentDeviceToken()).orElseThrow(() -> new DeviceManagementException(
                    SiteWhereErrorCode.InvalidDeviceToken,
                    "parentDeviceToken (" + request.parentDeviceToken() + ") names no device")).id();
        }
        Device updated = new Device(existing.id(), existing.token(), typeId, parentId,
                request.comments() != null ? request.comments() : existing.comments(),
                request.status() != null ? request.status() : existing.status(), existing.createdDate(),
                existing.createdBy(), now, user,
                request.metadata().isEmpty() ? existing.metadata() : request.metadata());
        inTransaction(c, () -> {
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE devicemanagement.device SET device_type_id = ?, parent_device_id = ?, comments = ?,
                        status = ?, updated_by = ?, updated_date = ? WHERE id = ?""")) {
                update.setObject(1, updated.deviceTypeId());
                update.setObject(2, updated.parentDeviceId(), Types.OTHER);
                update.setString(3, updated.comments());
                update.setString(4, updated.status());
                update.setString(5, user);
                update.setObject(6, timestamp(now));
                update.setObject(7, updated.id());
                update.executeUpdate();
            }
            if (!request.metadata().isEmpty()) {
                replaceMetadata(c, "device", updated.id(), request.metadata());
            }
        });
        return updated;
    }

    /**
     * Ends the assignment with {@code token}: status {@code Released}, {@code released_date} = {@code now}; returns
     * it as stored afterwards. Ending a released assignment stamps it again, as SiteWhere's
     * {@code endDeviceAssignment} does.
     */
    public DeviceAssignment endAssignment(Connection c, String token, String user, Instant now)
            throws SQLException, DeviceManagementException {
        DeviceAssignment a = reads.assignment(c, token).orElseThrow(() -> new DeviceManagementException(
                SiteWhereErrorCode.InvalidDeviceAssignmentToken, "assignment token (" + token + ") not found"));
        inTransaction(c, () -> {
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE devicemanagement.device_assignment SET status = 'Released', released_date = ?,
                        updated_by = ?, updated_date = ? WHERE id = ?""")) {
                update.setObject(1, timestamp(now));
                update.setString(2, user);
                update.setObject(3, timestamp(now));
                update.setObject(4, a.id());
                update.executeUpdate();
            }
        });
        return new DeviceAssignment(a.id(), a.token(), a.deviceId(), a.deviceTypeId(), a.customerId(), a.areaId(),
                a.assetId(), "Released", a.activeDate(), now, a.createdDate(), a.createdBy(), now, user,
                a.metadata());
    }

    private static void replaceMetadata(Connection c, String entity, UUID id, Map<String, String> metadata)
            throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM devicemanagement." + entity
                + "_metadata WHERE " + entity + "_id = ?")) {
            delete.setObject(1, id);
            delete.executeUpdate();
        }
        insertMetadata(c, entity, id, metadata);
    }
}
