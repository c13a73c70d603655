package io.contmig.runner.generate;

import io.contmig.target.AcknowledgedEvents;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The acknowledged events of generators as text, and their union: what the cross-store checker reads when the load
 * ran in generator processes. One line per device, {@code <tenant>\t<token>\t<deviceId>\t<ranges>}, ranges of
 * acknowledged seqs as {@code a-b,c,d-e} in increasing order (a fleet that lost nothing costs one range per device).
 *
 * <p>{@link #write} and {@link #read} are stateless. The {@link AcknowledgedEvents} of {@link #union} is immutable
 * and thread-safe.
 */
public final class AckFile {

    private AckFile() {
    }

    /** Writes every tenant's devices of {@code events} to {@code file}. */
    public static void write(AcknowledgedEvents events, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (String tenant : events.tenants()) {
                for (Map.Entry<String, String> d : events.deviceIds(tenant).entrySet()) {
                    StringBuilder ranges = new StringBuilder();
                    long[] run = {-1, -1};
                    events.forEachAcknowledged(tenant, d.getKey(), seq -> {
                        if (run[0] >= 0 && seq == run[1] + 1) {
                            run[1] = seq;
                            return;
                        }
                        appendRange(ranges, run);
                        run[0] = seq;
                        run[1] = seq;
                    });
                    appendRange(ranges, run);
                    out.write(tenant + "\t" + d.getKey() + "\t" + d.getValue() + "\t" + ranges + "\n");
                }
            }
        }
    }

    private static void appendRange(StringBuilder ranges, long[] run) {
        if (run[0] < 0) {
            return;
        }
        if (!ranges.isEmpty()) {
            ranges.append(',');
        }
        ranges.append(run[0]);
        if (run[1] > run[0]) {
            ranges.append('-').append(run[1]);
        }
    }

    /** One device's line as read. */
    private record Device(String deviceId, List<long[]> ranges) {
    }

    /** The union of the acknowledged events in {@code files} (a device's ranges of several files are all kept). */
    public static AcknowledgedEvents union(List<Path> files) throws IOException {
        Map<String, Map<String, Device>> byTenant = new LinkedHashMap<>();
        for (Path file : files) {
            int lineNo = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                if (f.length != 4) {
                    throw new IOException(file + ":" + lineNo + ": expected tenant, token, device id, ranges");
                }
                Device d = byTenant.computeIfAbsent(f[0], t -> new LinkedHashMap<>())
                        .computeIfAbsent(f[1], t -> new Device(f[2], new ArrayList<>()));
                try {
                    for (String r : f[3].isEmpty() ? new String[0] : f[3].split(",")) {
                        int dash = r.indexOf('-');
                        long a = Long.parseLong(dash < 0 ? r : r.substring(0, dash));
                        long b = dash < 0 ? a : Long.parseLong(r.substring(dash + 1));
                        d.ranges().add(new long[]{a, b});
                    }
                } catch (NumberFormatException e) {
                    throw new IOException(file + ":" + lineNo + ": malformed ranges '" + f[3] + "'", e);
                }
            }
        }
        return new Union(byTenant);
    }

    private static final class Union implements AcknowledgedEvents {
        private final Map<String, Map<String, Device>> byTenant;

        Union(Map<String, Map<String, Device>> byTenant) {
            this.byTenant = byTenant;
            byTenant.values().forEach(devices -> devices.values()
                    .forEach(d -> d.ranges().sort((x, y) -> Long.compare(x[0], y[0]))));
        }

        @Override
        public List<String> tenants() {
            return List.copyOf(byTenant.keySet());
        }

        @Override
        public Map<String, String> deviceIds(String tenant) {
            Map<String, String> ids = new LinkedHashMap<>();
            byTenant.getOrDefault(tenant, Map.of()).forEach((token, d) -> ids.put(token, d.deviceId()));
            return Collections.unmodifiableMap(ids);
        }

        @Override
        public void forEachAcknowledged(String tenant, String device, LongConsumer action) {
            Device d = byTenant.getOrDefault(tenant, Map.of()).get(device);
            if (d == null) {
                return;
            }
            long next = Long.MIN_VALUE;
            for (long[] r : d.ranges()) {
                for (long seq = Math.max(r[0], next); seq <= r[1]; seq++) {
                    action.accept(seq);
                }
                next = Math.max(next, r[1] + 1);
            }
        }
    }
}
