package io.contmig.sandbox.devices;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The devicemanagement schema, its JDBC persistence and the active-assignment lookup, on a real PostgreSQL. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DeviceManagementIT {

    private static TestSites sites;
    private final JdbcDeviceManagement devices = new JdbcDeviceManagement();
    private final DeviceDirectory directory = new DeviceDirectory();

    @BeforeAll
    static void start() throws Exception {
        sites = TestSites.start("device-management", "cloud");
        sites.createTenant("cloud", "acme");
    }

    @AfterAll
    static void stop() {
        sites.close();
    }

    @Test
    void schemaHasSiteWhereTablesEachWithAPrimaryKeyAndIsIdempotent() throws Exception {
        try (Connection c = sites.connect("cloud", "acme")) {
            DeviceManagementSchema.create(c);
            List<String> withPrimaryKey = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("""
                    SELECT t.relname FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
                    JOIN pg_index i ON i.indrelid = t.oid AND i.indisprimary
                    WHERE n.nspname = 'devicemanagement' ORDER BY t.relname""")) {
                while (rows.next()) {
                    withPrimaryKey.add(rows.getString(1));
                }
            }
            assertThat(withPrimaryKey).containsExactly("device", "device_assignment", "device_assignment_metadata",
                    "device_metadata", "device_type", "device_type_metadata");
            List<String> columns = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery("""
                    SELECT column_name FROM information_schema.columns
                    WHERE table_schema = 'devicemanagement' AND table_name = 'device_assignment'""")) {
                while (rows.next()) {
                    columns.add(rows.getString(1));
                }
            }
            assertThat(columns).contains("id", "token", "device_id", "device_type_id", "customer_id", "area_id",
                    "asset_id", "status", "active_date", "released_date", "created_date", "created_by",
                    "updated_date", "updated_by");
        }
    }

    @Test
    void createsAndReadsBackDeviceTypesDevicesAndAssignmentsWithMetadata() throws Exception {
        try (Connection c = sites.connect("cloud", "acme")) {
            Instant now = Instant.parse("2026-11-28T10:00:00.123Z");
            DeviceType type = devices.createDeviceType(c, new DeviceTypeCreateRequest("dm-sensor", "Sensor", null,
                    "https://example.invalid/s.png", null, null, null, null, "Standalone", Map.of("k", "v")),
                    "admin", now);
            Device device = devices.createDevice(c, new DeviceCreateRequest("dm-dev-1", "dm-sensor", null, "c",
                    null, Map.of("ip", "10.0.0.1")), "admin", now);
            DeviceAssignment assignment = devices.createAssignment(c, new DeviceAssignmentCreateRequest("dm-asg-1",
                    "dm-dev-1", "acme", "southeast", null, null, Map.of("INFLUX_TAG_zone", "z1")), "admin", now);

            assertThat(devices.deviceType(c, "dm-sensor")).contains(type);
            assertThat(devices.device(c, "dm-dev-1")).contains(device);
            assertThat(devices.device(c, "dm-dev-1").orElseThrow().metadata()).containsEntry("ip", "10.0.0.1");
            DeviceAssignment read = devices.assignment(c, "dm-asg-1").orElseThrow();
            assertThat(read).isEqualTo(assignment);
            assertThat(read.status()).isEqualTo("Active");
            assertThat(read.customerId()).isEqualTo(JdbcDeviceManagement.customerId("acme"));
            assertThat(read.assetId()).isNull();
            assertThat(read.deviceTypeId()).isEqualTo(type.id());

            ActiveAssignment active = directory.activeAssignment(c, "dm-dev-1").orElseThrow();
            assertThat(active.deviceId()).isEqualTo(device.id());
            assertThat(active.assignmentId()).isEqualTo(assignment.id());
            assertThat(active.assignmentToken()).isEqualTo("dm-asg-1");
            assertThat(active.customerId()).contains(JdbcDeviceManagement.customerId("acme"));
            assertThat(active.areaId()).contains(JdbcDeviceManagement.areaId("southeast"));
            assertThat(active.assetId()).isEmpty();
        }
    }

    @Test
    void directoryFindsNothingForUnknownOrUnassignedDevicesAndEveryActiveAssignmentOtherwise() throws Exception {
        try (Connection c = sites.connect("cloud", "acme")) {
            Instant t0 = Instant.parse("2026-11-28T10:00:00Z");
            devices.createDeviceType(c, new DeviceTypeCreateRequest("dir-type", "T", null, "i", null, null, null,
                    null, "Composite", null), "admin", t0);
            devices.createDevice(c, new DeviceCreateRequest("dir-unassigned", "dir-type", null, null, null, null),
                    "admin", t0);
            devices.createDevice(c, new DeviceCreateRequest("dir-two", "dir-type", null, null, null, null),
                    "admin", t0);
            devices.createAssignment(c, new DeviceAssignmentCreateRequest("dir-old", "dir-two", null, null, null,
                    null, null), "admin", t0);
            devices.createAssignment(c, new DeviceAssignmentCreateRequest("dir-released", "dir-two", null, null,
                    null, "Released", null), "admin", t0.plusSeconds(1));
            devices.createAssignment(c, new DeviceAssignmentCreateRequest("dir-new", "dir-two", null, null, null,
                    null, null), "admin", t0.plusSeconds(2));

            assertThat(directory.activeAssignments(c, "no-such-device")).isEmpty();
            assertThat(directory.activeAssignment(c, "dir-unassigned")).isEqualTo(Optional.empty());
            assertThat(directory.activeAssignments(c, "dir-two")).extracting(ActiveAssignment::assignmentToken)
                    .containsExactly("dir-new", "dir-old");
            assertThat(devices.activeAssignments(c, "dir-two")).extracting(DeviceAssignment::token)
                    .containsExactly("dir-new", "dir-old");
        }
    }

    @Test
    void refusesMalformedTokensDuplicatesAndMissingFieldsWithSiteWhereCodes() throws Exception {
        try (Connection c = sites.connect("cloud", "acme")) {
            Instant now = Instant.now();
            devices.createDeviceType(c, new DeviceTypeCreateRequest("ref-type", "T", null, "i", null, null, null,
                    null, "Standalone", null), "admin", now);
            assertThatThrownBy(() -> devices.createDevice(c, new DeviceCreateRequest("bad token!", "ref-type", null,
                    null, null, null), "admin", now))
                    .isInstanceOfSatisfying(DeviceManagementException.class,
                            e -> assertThat(e.code()).isEqualTo(SiteWhereErrorCode.MalformedHardwareId))
                    .hasMessageContaining("bad token!");
            devices.createDevice(c, new DeviceCreateRequest("ref-dev", "ref-type", null, null, null, null), "admin",
                    now);
            assertThatThrownBy(() -> devices.createDevice(c, new DeviceCreateRequest("ref-dev", "ref-type", null,
                    null, null, null), "admin", now))
                    .isInstanceOfSatisfying(DeviceManagementException.class,
                            e -> assertThat(e.code()).isEqualTo(SiteWhereErrorCode.DuplicateDeviceToken));
            assertThatThrownBy(() -> devices.createDevice(c, new DeviceCreateRequest("ref-dev-2", "no-type", null,
                    null, null, null), "admin", now))
                    .isInstanceOfSatisfying(DeviceManagementException.class,
                            e -> assertThat(e.code()).isEqualTo(SiteWhereErrorCode.InvalidDeviceTypeToken));
            assertThatThrownBy(() -> devices.createDeviceType(c, new DeviceTypeCreateRequest("t2", "T", null, null,
                    null, null, null, null, "Standalone", null), "admin", now))
                    .isInstanceOfSatisfying(DeviceManagementException.class,
                            e -> assertThat(e.code()).isEqualTo(SiteWhereErrorCode.IncompleteData))
                    .hasMessageContaining("imageUrl");
            // The refused duplicate left nothing half-written behind.
            assertThat(devices.device(c, "ref-dev-2")).isEmpty();
            assertThat(c.getAutoCommit()).isTrue();
        }
    }

    @Test
    void tenantNamesAreCheckedBeforeTheyBecomeDatabaseNames() {
        assertThat(DeviceManagementSchema.databaseName("acme")).isEqualTo("tenant_acme");
        assertThatThrownBy(() -> DeviceManagementSchema.databaseName("Robert'); DROP"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Robert'); DROP");
    }
}
