package io.contmig.sandbox.devices;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.contmig.sandbox.devices.EntityReads.first;
import static io.contmig.sandbox.devices.EntityReads.page;

/**
 * SiteWhere's device-management persistence over JDBC, on the tables of {@link DeviceManagementSchema}: create, get
 * and list device types, devices and assignments, with SiteWhere's validation ({@code DeviceManagementPersistence}).
 *
 * <p>Stateless and thread-safe; the caller owns the connection (one per thread). Each create runs in its own
 * transaction (committed, or rolled back on any exception; the connection's auto-commit mode is restored).
 * A refused request throws {@link DeviceManagementException} with SiteWhere's error code; any other database
 * failure is passed on as {@link SQLException}.
 *
 * <p>Customers, areas and assets are not modelled (they live in other SiteWhere tables and services): an
 * assignment's {@code customer_id}, {@code area_id} and {@code asset_id} are derived from the request's tokens as
 * name-based UUIDs ({@link #customerId}, ...), so that equal tokens give equal ids on every site.
 *
 * <p>Reading rows with their metadata is {@link EntityReads}'s.
 */
public final class JdbcDeviceManagement {

    /** SiteWhere's {@code DeviceManagementPersistence.HARDWARE_ID_REGEX}. */
    public static final Pattern DEVICE_TOKEN = Pattern.compile("^[\\w-]+$");

    private static final String UNIQUE_VIOLATION = "23505";

    /** A new device type from {@code request}, created by {@code user} at {@code now}. */
    public DeviceType createDeviceType(Connection c, DeviceTypeCreateRequest request, String user, Instant now)
            throws SQLException, DeviceManagementException {
        require("name", request.name());
        require("imageUrl", request.imageUrl());
        require("containerPolicy", request.containerPolicy());
        if (!request.containerPolicy().equals("Standalone") && !request.containerPolicy().equals("Composite")) {
            throw new DeviceManagementException(SiteWhereErrorCode.IncompleteData,
                    "containerPolicy (" + request.containerPolicy() + ") must be one of: Standalone, Composite");
        }
        String token = request.token() == null ? UUID.randomUUID().toString() : request.token();
        DeviceType created = new DeviceType(UUID.randomUUID(), token, request.name(), request.description(),
                request.imageUrl(), request.icon(), request.backgroundColor(), request.foregroundColor(),
                request.borderColor(), request.containerPolicy(), now, user, null, null, request.metadata());
        inTransaction(c, () -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO devicemanagement.device_type (id, created_by, created_date, token, name, description,
                        image_url, icon, background_color, foreground_color, border_color, container_policy)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setObject(1, created.id());
                insert.setString(2, user);
                insert.setObject(3, timestamp(now));
                insert.setString(4, token);
                insert.setString(5, created.name());
                insert.setString(6, created.description());
                insert.setString(7, created.imageUrl());
                insert.setString(8, created.icon());
                insert.setString(9, created.backgroundColor());
                insert.setString(10, created.foregroundColor());
                insert.setString(11, created.borderColor());
                insert.setString(12, created.containerPolicy());
                insertUnique(insert, SiteWhereErrorCode.DuplicateDeviceTypeToken, "token (" + token + ")");
            }
            insertMetadata(c, "device_type", created.id(), created.metadata());
        });
        return created;
    }

    /** The device type with {@code token}, if any. */
    public Optional<DeviceType> deviceType(Connection c, String token) throws SQLException {
        return first(c, "SELECT * FROM devicemanagement.device_type WHERE token = ?", token, "device_type",
                this::deviceTypeRow);
    }

    /** The device type with {@code id}, if any. */
    public Optional<DeviceType> deviceType(Connection c, UUID id) throws SQLException {
        return first(c, "SELECT * FROM devicemanagement.device_type WHERE id = ?", id, "device_type",
                this::deviceTypeRow);
    }

    /** One page of all device types, newest first. */
    public Page<DeviceType> listDeviceTypes(Connection c, Paging paging) throws SQLException {
        return page(c, "devicemanagement.device_type", "", List.of(), paging, "device_type", this::deviceTypeRow);
    }

    /** A new device from {@code request}, created by {@code user} at {@code now}. */
    public Device createDevice(Connection c, DeviceCreateRequest request, String user, Instant now)
            throws SQLException, DeviceManagementException {
        if (request.token() == null || !DEVICE_TOKEN.matcher(request.token()).matches()) {
            throw new DeviceManagementException(SiteWhereErrorCode.MalformedHardwareId,
                    "token (" + request.token() + ") must match " + DEVICE_TOKEN.pattern());
        }
        require("deviceTypeToken", request.deviceTypeToken());
        DeviceType type = deviceType(c, request.deviceTypeToken()).orElseThrow(() -> new DeviceManagementException(
                SiteWhereErrorCode.InvalidDeviceTypeToken,
                "deviceTypeToken (" + request.deviceTypeToken() + ") names no device type"));
        UUID parentId = null;
        if (request.parentDeviceToken() != null) {
            parentId = device(c, request.parentDeviceToken()).orElseThrow(() -> new DeviceManagementException(
                    SiteWhereErrorCode.InvalidDeviceToken,
                    "parentDeviceToken (" + request.parentDeviceToken() + ") names no device")).id();
        }
        Device created = new Device(UUID.randomUUID(), request.token(), type.id(), parentId, request.comments(),
                request.status(), now, user, null, null, request.metadata());
        inTransaction(c, () -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO devicemanagement.device (id, created_by, created_date, token, comments,
                        device_type_id, parent_device_id, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setObject(1, created.id());
                insert.setString(2, user);
                insert.setObject(3, timestamp(now));
                insert.setString(4, created.token());
                insert.setString(5, created.comments());
                insert.setObject(6, created.deviceTypeId());
                insert.setObject(7, created.parentDeviceId(), Types.OTHER);
                insert.setString(8, created.status());
                insertUnique(insert, SiteWhereErrorCode.DuplicateDeviceToken, "token (" + created.token() + ")");
            }
            insertMetadata(c, "device", created.id(), created.metadata());
        });
        return created;
    }

    /** The device with {@code token}, if any. */
    public Optional<Device> device(Connection c, String token) throws SQLException {
        return first(c, "SELECT * FROM devicemanagement.device WHERE token = ?", token, "device", this::deviceRow);
    }

    /** The device with {@code id}, if any. */
    public Optional<Device> device(Connection c, UUID id) throws SQLException {
        return first(c, "SELECT * FROM devicemanagement.device WHERE id = ?", id, "device", this::deviceRow);
    }

    /**
     * One page of devices, newest first: of the device type {@code deviceTypeToken} when given (an unknown token
     * is refused), without an active assignment when {@code excludeAssigned}.
     */
    public Page<Device> listDevices(Connection c, Optional<String> deviceTypeToken, boolean excludeAssigned,
                                    Paging paging) throws SQLException, DeviceManagementException {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> parameters = new ArrayList<>();
        if (deviceTypeToken.isPresent()) {
            DeviceType type = deviceType(c, deviceTypeToken.get()).orElseThrow(() -> new DeviceManagementException(
                    SiteWhereErrorCode.InvalidDeviceTypeToken,
                    "deviceType (" + deviceTypeToken.get() + ") names no device type"));
            where.append(" AND device_type_id = ?");
            parameters.add(type.id());
        }
        if (excludeAssigned) {
            where.append(" AND NOT EXISTS (SELECT 1 FROM devicemanagement.device_assignment a"
                    + " WHERE a.device_id = devicemanagement.device.id AND a.status = 'Active')");
        }
        return page(c, "devicemanagement.device", where.toString(), parameters, paging, "device", this::deviceRow);
    }

    /** A new assignment from {@code request}, created by {@code user} at {@code now}. */
    public DeviceAssignment createAssignment(Connection c, DeviceAssignmentCreateRequest request, String user,
                                             Instant now) throws SQLException, DeviceManagementException {
        require("deviceToken", request.deviceToken());
        Device device = device(c, request.deviceToken()).orElseThrow(() -> new DeviceManagementException(
                SiteWhereErrorCode.InvalidDeviceToken, "deviceToken (" + request.deviceToken() + ") names no device"));
        String token = request.token() == null ? UUID.randomUUID().toString() : request.token();
        String status = request.status() == null ? "Active" : request.status();
        if (!List.of("Active", "Missing", "Released").contains(status)) {
            throw new DeviceManagementException(SiteWhereErrorCode.IncompleteData,
                    "status (" + status + ") must be one of: Active, Missing, Released");
        }
        DeviceAssignment created = new DeviceAssignment(UUID.randomUUID(), token, device.id(), device.deviceTypeId(),
                idOf("customer", request.customerToken()), idOf("area", request.areaToken()),
                idOf("asset", request.assetToken()), status, now, null, now, user, null, null, request.metadata());
        inTransaction(c, () -> {
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO devicemanagement.device_assignment (id, created_by, created_date, token, active_date,
                        area_id, asset_id, customer_id, device_id, device_type_id, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setObject(1, created.id());
                insert.setString(2, user);
                insert.setObject(3, timestamp(now));
                insert.setString(4, token);
                insert.setObject(5, timestamp(now));
                insert.setObject(6, created.areaId(), Types.OTHER);
                insert.setObject(7, created.assetId(), Types.OTHER);
                insert.setObject(8, created.customerId(), Types.OTHER);
                insert.setObject(9, created.deviceId());
                insert.setObject(10, created.deviceTypeId());
                insert.setString(11, status);
                insertUnique(insert, SiteWhereErrorCode.DuplicateDeviceAssignment, "token (" + token + ")");
            }
            insertMetadata(c, "device_assignment", created.id(), created.metadata());
        });
        return created;
    }

    /** The assignment with {@code token}, if any. */
    public Optional<DeviceAssignment> assignment(Connection c, String token) throws SQLException {
        return first(c, "SELECT * FROM devicemanagement.device_assignment WHERE token = ?", token,
                "device_assignment", this::assignmentRow);
    }

    /** The active assignments of the device with {@code deviceToken}, newest first; refused when it is unknown. */
    public List<DeviceAssignment> activeAssignments(Connection c, String deviceToken)
            throws SQLException, DeviceManagementException {
        Device device = device(c, deviceToken).orElseThrow(() -> new DeviceManagementException(
                SiteWhereErrorCode.InvalidDeviceToken, "device token (" + deviceToken + ") names no device"));
        return page(c, "devicemanagement.device_assignment", " WHERE device_id = ? AND status = 'Active'",
                List.of(device.id()), new Paging(1, Integer.MAX_VALUE), "device_assignment", this::assignmentRow)
                .results();
    }

    /**
     * One page of assignments, newest first, limited to those of the device, customer, area and asset tokens
     * given (an unknown device token is refused).
     */
    public Page<DeviceAssignment> listAssignments(Connection c, Optional<String> deviceToken,
                                                  Optional<String> customerToken, Optional<String> areaToken,
                                                  Optional<String> assetToken, Paging paging)
            throws SQLException, DeviceManagementException {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> parameters = new ArrayList<>();
        if (deviceToken.isPresent()) {
            Device device = device(c, deviceToken.get()).orElseThrow(() -> new DeviceManagementException(
                    SiteWhereErrorCode.InvalidDeviceToken, "deviceToken (" + deviceToken.get() + ") names no device"));
            where.append(" AND device_id = ?");
            parameters.add(device.id());
        }
        if (customerToken.isPresent()) {
            where.append(" AND customer_id = ?");
            parameters.add(customerId(customerToken.get()));
        }
        if (areaToken.isPresent()) {
            where.append(" AND area_id = ?");
            parameters.add(areaId(areaToken.get()));
        }
        if (assetToken.isPresent()) {
            where.append(" AND asset_id = ?");
            parameters.add(assetId(assetToken.get()));
        }
        return page(c, "devicemanagement.device_assignment", where.toString(), parameters, paging,
                "device_assignment", this::assignmentRow);
    }

    /** The id the sandbox gives the customer with {@code token} (name-based, the same everywhere). */
    public static UUID customerId(String token) {
        return idOf("customer", token);
    }

    /** The id the sandbox gives the area with {@code token}. */
    public static UUID areaId(String token) {
        return idOf("area", token);
    }

    /** The id the sandbox gives the asset with {@code token}. */
    public static UUID assetId(String token) {
        return idOf("asset", token);
    }

    private static UUID idOf(String kind, String token) {
        return token == null ? null : UUID.nameUUIDFromBytes((kind + ":" + token).getBytes(StandardCharsets.UTF_8));
    }

    private static void require(String field, String value) throws DeviceManagementException {
        if (value == null || value.isBlank()) {
            throw new DeviceManagementException(SiteWhereErrorCode.IncompleteData, field + " is required");
        }
    }

    static LocalDateTime timestamp(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        LocalDateTime value = row.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    private static void insertUnique(PreparedStatement insert, SiteWhereErrorCode duplicate, String what)
            throws SQLException, DeviceManagementException {
        try {
            insert.executeUpdate();
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw new DeviceManagementException(duplicate, what + " is already in use");
            }
            throw e;
        }
    }

    static void insertMetadata(Connection c, String entity, UUID id, Map<String, String> metadata)
            throws SQLException {
        if (metadata.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO devicemanagement." + entity
                + "_metadata (" + entity + "_id, prop_key, prop_value) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> entry : metadata.entrySet()) {
                insert.setObject(1, id);
                insert.setString(2, entry.getKey());
                insert.setString(3, entry.getValue());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    interface Work {
        void run() throws SQLException, DeviceManagementException;
    }

    static void inTransaction(Connection c, Work work) throws SQLException, DeviceManagementException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        boolean committed = false;
        try {
            work.run();
            c.commit();
            committed = true;
        } finally {
            if (!committed) {
                c.rollback();
            }
            c.setAutoCommit(autoCommit);
        }
    }

    private DeviceType deviceTypeRow(ResultSet row, Map<String, String> metadata) throws SQLException {
        return new DeviceType(row.getObject("id", UUID.class), row.getString("token"), row.getString("name"),
                row.getString("description"), row.getString("image_url"), row.getString("icon"),
                row.getString("background_color"), row.getString("foreground_color"), row.getString("border_color"),
                row.getString("container_policy"), instant(row, "created_date"), row.getString("created_by"),
                instant(row, "updated_date"), row.getString("updated_by"), metadata);
    }

    private Device deviceRow(ResultSet row, Map<String, String> metadata) throws SQLException {
        return new Device(row.getObject("id", UUID.class), row.getString("token"),
                row.getObject("device_type_id", UUID.class), row.getObject("parent_device_id", UUID.class),
                row.getString("comments"), row.getString("status"), instant(row, "created_date"),
                row.getString("created_by"), instant(row, "updated_date"), row.getString("updated_by"), metadata);
    }

    private DeviceAssignment assignmentRow(ResultSet row, Map<String, String> metadata) throws SQLException {
        return new DeviceAssignment(row.getObject("id", UUID.class), row.getString("token"),
                row.getObject("device_id", UUID.class), row.getObject("device_type_id", UUID.class),
                row.getObject("customer_id", UUID.class), row.getObject("area_id", UUID.class),
                row.getObject("asset_id", UUID.class), row.getString("status"), instant(row, "active_date"),
                instant(row, "released_date"), instant(row, "created_date"), row.getString("created_by"),
                instant(row, "updated_date"), row.getString("updated_by"), metadata);
    }
}
