package io.contmig.load.mqtt;

/**
 * Shares of SiteWhere event types a device sends; they sum to 1.
 *
 * @param measurement share of {@code DeviceMeasurement}
 * @param location    share of {@code DeviceLocation}
 * @param alert       share of {@code DeviceAlert}
 */
public record EventMix(double measurement, double location, double alert) {

    /** The scenario default: 80 % measurements, 10 % locations, 10 % alerts. */
    public static final EventMix DEFAULT = new EventMix(0.8, 0.1, 0.1);

    /** Only measurements. */
    public static final EventMix MEASUREMENTS_ONLY = new EventMix(1, 0, 0);

    public EventMix {
        requireShare("measurement", measurement);
        requireShare("location", location);
        requireShare("alert", alert);
        double sum = measurement + location + alert;
        if (Math.abs(sum - 1.0) > 1e-6) {
            throw new IllegalArgumentException("mix shares (measurement " + measurement + ", location " + location
                    + ", alert " + alert + ") sum to " + sum + ", must sum to 1");
        }
    }

    private static void requireShare(String name, double share) {
        if (!(share >= 0 && share <= 1)) {
            throw new IllegalArgumentException("mix." + name + " (" + share + ") must be within [0, 1]");
        }
    }
}
