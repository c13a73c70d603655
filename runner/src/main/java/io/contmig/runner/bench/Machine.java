package io.contmig.runner.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Facts about the machine a run happened on, for plan.json: results mean little without them. */
final class Machine {

    private Machine() {
    }

    static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        m.put("memoryMiB", memTotalMiB());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("maxHeapMiB", String.valueOf(Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        return m;
    }

    private static String memTotalMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.valueOf(kib / 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or unreadable: say so rather than guess
        }
        return "unknown";
    }
}
