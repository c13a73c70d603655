package io.contmig.sandbox;

import io.contmig.target.SiteEndpoints;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** Test fixture: devices and assignments written straight into a tenant's device-management tables. */
final class TestDevices {

    private TestDevices() {
    }

    /** A deterministic UUID for {@code kind}/{@code token}, the same on every site. */
    static UUID id(String kind, String token) {
        return UUID.nameUUIDFromBytes((kind + ":" + token).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Creates device {@code token} (type {@code bench}) and, when {@code assigned}, an active assignment. */
    static void create(SiteEndpoints site, String tenant, String token, boolean assigned) throws SQLException {
        try (Connection db = DriverManager.getConnection(site.jdbcUrl("tenant_" + tenant), site.postgresUser(),
                site.postgresPassword())) {
            try (PreparedStatement type = db.prepareStatement("INSERT INTO devicemanagement.device_type (id, token, name)"
                    + " VALUES (?, 'bench', 'bench') ON CONFLICT DO NOTHING")) {
                type.setObject(1, id("type", "bench"));
                type.executeUpdate();
            }
            try (PreparedStatement device = db.prepareStatement("INSERT INTO devicemanagement.device"
                    + " (id, token, device_type_id, created_date) VALUES (?, ?, ?, now())")) {
                device.setObject(1, id("device", token));
                device.setString(2, token);
                device.setObject(3, id("type", "bench"));
                device.executeUpdate();
            }
            if (assigned) {
                try (PreparedStatement assignment = db.prepareStatement("INSERT INTO devicemanagement.device_assignment"
                        + " (id, token, device_id, device_type_id, customer_id, status, active_date)"
                        + " VALUES (?, ?, ?, ?, ?, 'Active', now())")) {
                    assignment.setObject(1, id("assignment", token));
                    assignment.setString(2, "asg-" + token);
                    assignment.setObject(3, id("device", token));
                    assignment.setObject(4, id("type", "bench"));
                    assignment.setObject(5, id("customer", "acme"));
                    assignment.executeUpdate();
                }
            }
        }
    }
}
