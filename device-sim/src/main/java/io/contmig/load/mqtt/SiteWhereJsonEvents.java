package io.contmig.load.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Encodes one device event as SiteWhere's MQTT JSON request ({@code SiteWhere/<tenant>/input/json}), with the
 * per-device sequence number in {@code request.metadata.seq} (a decimal string, from 1) which the cross-store check relies on.
 *
 * <p>Values come from the device's own seeded generator, so a run with the same seed sends the same payloads.
 * Numbers are written by hand (no {@code String.format}) so the text never depends on the default locale.
 *
 * <p>Not thread-safe: one instance per sending thread (it reuses a buffer).
 */
public final class SiteWhereJsonEvents {

    private static final String[] ALERT_LEVELS = {"Info", "Warning", "Error"};

    private final EventMix mix;
    private final StringBuilder text = new StringBuilder(256);
    private String lastKind = "measurements";

    public SiteWhereJsonEvents(EventMix mix) {
        this.mix = mix;
    }

    /**
     * The payload of event {@code seq} of device {@code token}.
     *
     * @param values      the device's seeded generator (advanced by this call)
     * @param eventDateMs SiteWhere's {@code eventDate}, epoch milliseconds
     */
    public byte[] encode(String token, long seq, long eventDateMs, SplittableRandom values) {
        double pick = values.nextDouble();
        text.setLength(0);
        text.append("{\"deviceToken\":\"").append(token).append("\",");
        if (pick < mix.measurement()) {
            lastKind = "measurements";
            text.append("\"type\":\"DeviceMeasurement\",\"request\":{\"name\":\"temp\",\"value\":");
            appendFixed(15 + values.nextDouble() * 15, 2);
        } else if (pick < mix.measurement() + mix.location()) {
            lastKind = "locations";
            text.append("\"type\":\"DeviceLocation\",\"request\":{\"latitude\":");
            appendFixed(45 + values.nextDouble(), 6);
            text.append(",\"longitude\":");
            appendFixed(5 + values.nextDouble(), 6);
            text.append(",\"elevation\":");
            appendFixed(values.nextDouble() * 500, 1);
        } else {
            lastKind = "alerts";
            text.append("\"type\":\"DeviceAlert\",\"request\":{\"type\":\"bench.threshold\",\"message\":\"threshold crossed\",")
                    .append("\"level\":\"").append(ALERT_LEVELS[values.nextInt(ALERT_LEVELS.length)])
                    .append("\",\"source\":\"Device\"");
        }
        text.append(",\"eventDate\":").append(eventDateMs)
                .append(",\"metadata\":{\"seq\":\"").append(seq).append("\"}}}");
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * SiteWhere's REST path segment of the kind of the last event {@link #encode} made: {@code measurements},
     * {@code locations} or {@code alerts}.
     */
    public String lastKind() {
        return lastKind;
    }

    /** Appends {@code value} (≥ 0) with exactly {@code decimals} digits after the point. */
    private void appendFixed(double value, int decimals) {
        long scale = 1;
        for (int i = 0; i < decimals; i++) {
            scale *= 10;
        }
        long scaled = Math.round(value * scale);
        text.append(scaled / scale);
        if (decimals > 0) {
            text.append('.');
            String fraction = Long.toString(scaled % scale);
            for (int i = fraction.length(); i < decimals; i++) {
                text.append('0');
            }
            text.append(fraction);
        }
    }
}
