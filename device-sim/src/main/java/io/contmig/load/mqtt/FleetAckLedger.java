package io.contmig.load.mqtt;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * The {@link AckLedger} of an {@link MqttDeviceFleet}: reads the acknowledged {@code (device, seq)} kept by each
 * {@link FleetDevice}.
 *
 * <p>Thread-safe (its maps are built before the load and only read; the devices' sets are thread-safe). An unknown
 * tenant is an {@link IllegalArgumentException} naming the fleet's tenants; an unknown device reads as empty.
 */
final class FleetAckLedger implements AckLedger {

    private final String[] tenantNames;
    private final List<Map<String, FleetDevice>> tokensByTenant;
    private final LongAdder acknowledged;

    /** {@code tokensByTenant.get(t)}: the devices of {@code tenantNames[t]} by token; {@code acknowledged}: all. */
    FleetAckLedger(String[] tenantNames, List<Map<String, FleetDevice>> tokensByTenant, LongAdder acknowledged) {
        this.tenantNames = tenantNames;
        this.tokensByTenant = tokensByTenant;
        this.acknowledged = acknowledged;
    }

    @Override
    public List<String> tenants() {
        return List.of(tenantNames);
    }

    @Override
    public Map<String, String> deviceIds(String tenant) {
        Map<String, String> ids = new LinkedHashMap<>();
        devicesOf(tenant).forEach((token, d) -> ids.put(token, d.deviceId));
        return Collections.unmodifiableMap(ids);
    }

    @Override
    public void forEachAcknowledged(String tenant, String deviceToken, LongConsumer action) {
        FleetDevice d = devicesOf(tenant).get(deviceToken);
        if (d != null) {
            d.forEachAcknowledged(action);
        }
    }

    @Override
    public boolean isAcknowledged(String tenant, String deviceToken, long seq) {
        FleetDevice d = devicesOf(tenant).get(deviceToken);
        return d != null && d.isAcknowledged(seq);
    }

    @Override
    public long acknowledgedCount(String tenant, String deviceToken) {
        FleetDevice d = devicesOf(tenant).get(deviceToken);
        return d == null ? 0 : d.acknowledgedCount();
    }

    @Override
    public long highestSent(String tenant, String deviceToken) {
        FleetDevice d = devicesOf(tenant).get(deviceToken);
        return d == null ? 0 : d.highestSent();
    }

    @Override
    public long acknowledgedCount() {
        return acknowledged.sum();
    }

    private Map<String, FleetDevice> devicesOf(String tenant) {
        for (int t = 0; t < tenantNames.length; t++) {
            if (tenantNames[t].equals(tenant)) {
                return tokensByTenant.get(t);
            }
        }
        throw new IllegalArgumentException("tenant '" + tenant + "' is not in the fleet (tenants: "
                + String.join(", ", tenantNames) + ")");
    }
}
