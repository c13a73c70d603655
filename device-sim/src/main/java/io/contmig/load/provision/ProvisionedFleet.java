package io.contmig.load.provision;

import io.contmig.load.mqtt.DeviceIdentity;
import io.contmig.load.mqtt.TenantDevices;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of provisioning: per tenant, each device's token, id and active assignment, and how much was
 * created versus found already there. Immutable.
 *
 * @param devices  tenant → devices in the requested order
 * @param created  entities created now (device types, devices, assignments)
 * @param reused   entities that already existed and were reused
 */
public record ProvisionedFleet(Map<String, List<ProvisionedDevice>> devices, Counts created, Counts reused) {

    /** One device as provisioned. */
    public record ProvisionedDevice(String token, String deviceId, String assignmentToken) { }

    /** Entity counts. */
    public record Counts(int deviceTypes, int devices, int assignments) {
        public int total() {
            return deviceTypes + devices + assignments;
        }
    }

    public ProvisionedFleet {
        Map<String, List<ProvisionedDevice>> copy = new LinkedHashMap<>();
        devices.forEach((tenant, list) -> copy.put(tenant, List.copyOf(list)));
        devices = java.util.Collections.unmodifiableMap(copy);
    }

    /** The fleet's view: tokens with their ids (for matching outbound echoes). */
    public List<TenantDevices> tenantDevices() {
        List<TenantDevices> list = new ArrayList<>();
        devices.forEach((tenant, ds) -> list.add(new TenantDevices(tenant,
                ds.stream().map(d -> new DeviceIdentity(d.token(), d.deviceId())).toList())));
        return list;
    }

    /** Device token → device id over all tenants. */
    public Map<String, String> deviceIdByToken() {
        Map<String, String> map = new LinkedHashMap<>();
        devices.values().forEach(ds -> ds.forEach(d -> map.put(d.token(), d.deviceId())));
        return map;
    }

    /** Active assignment tokens of {@code tenant}, in device order (what REST load reads and writes). */
    public List<String> assignmentTokens(String tenant) {
        return devices.getOrDefault(tenant, List.of()).stream().map(ProvisionedDevice::assignmentToken).toList();
    }
}
