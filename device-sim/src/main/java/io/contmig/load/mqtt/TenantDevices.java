package io.contmig.load.mqtt;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The devices of one tenant, in order; device indexes count over the fleet's tenants in order. */
public record TenantDevices(String tenant, List<DeviceIdentity> devices) {

    public TenantDevices {
        Objects.requireNonNull(tenant, "tenant");
        if (!tenant.matches("[\\w-]+")) {
            throw new IllegalArgumentException("tenant '" + tenant + "' must match [A-Za-z0-9_-]+");
        }
        devices = List.copyOf(devices);
        Set<String> tokens = new HashSet<>();
        for (DeviceIdentity d : devices) {
            if (!tokens.add(d.token())) {
                throw new IllegalArgumentException("tenant " + tenant + ": device token '" + d.token() + "' appears twice");
            }
        }
    }

    /** {@code count} devices named {@code <prefix>-<n>} (n from 1, zero-padded to 6 digits), ids unknown. */
    public static TenantDevices numbered(String tenant, String prefix, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("devices (" + count + ") must be >= 0");
        }
        DeviceIdentity[] list = new DeviceIdentity[count];
        for (int i = 0; i < count; i++) {
            list[i] = new DeviceIdentity(prefix + "-" + String.format(java.util.Locale.ROOT, "%06d", i + 1), "");
        }
        return new TenantDevices(tenant, List.of(list));
    }
}
