package io.contmig.sandbox.devices;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Looks up a device and its active assignments by device token in a tenant database that has the
 * {@link DeviceManagementSchema}: the inbound-processing lookup of SiteWhere ({@code DeviceLookupMapper} then
 * {@code PreprocessedEventMapper}).
 *
 * <p>Stateless and thread-safe; the caller owns the connection (one per thread). An {@link SQLException} is
 * passed on unchanged.
 */
public final class DeviceDirectory {

    private static final String ACTIVE = """
            SELECT d.id AS device_id, d.token AS device_token, d.device_type_id,
                   a.id AS assignment_id, a.token AS assignment_token, a.customer_id, a.area_id, a.asset_id
            FROM devicemanagement.device d
            JOIN devicemanagement.device_assignment a ON a.device_id = d.id AND a.status = 'Active'
            WHERE d.token = ?
            ORDER BY a.active_date DESC, a.id""";

    /**
     * Every active assignment of the device with token {@code deviceToken}, newest first; empty when the device is
     * unknown or has no active assignment (its events are then not stored, as in SiteWhere).
     */
    public List<ActiveAssignment> activeAssignments(Connection connection, String deviceToken) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(ACTIVE)) {
            query.setString(1, deviceToken);
            try (ResultSet rows = query.executeQuery()) {
                List<ActiveAssignment> found = new ArrayList<>(1);
                while (rows.next()) {
                    found.add(new ActiveAssignment(
                            rows.getObject("device_id", UUID.class),
                            rows.getString("device_token"),
                            rows.getObject("device_type_id", UUID.class),
                            rows.getObject("assignment_id", UUID.class),
                            rows.getString("assignment_token"),
                            Optional.ofNullable(rows.getObject("customer_id", UUID.class)),
                            Optional.ofNullable(rows.getObject("area_id", UUID.class)),
                            Optional.ofNullable(rows.getObject("asset_id", UUID.class))));
                }
                return found;
            }
        }
    }

    /** The newest active assignment of the device with token {@code deviceToken}, if it has one. */
    public Optional<ActiveAssignment> activeAssignment(Connection connection, String deviceToken)
            throws SQLException {
        List<ActiveAssignment> all = activeAssignments(connection, deviceToken);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }
}
