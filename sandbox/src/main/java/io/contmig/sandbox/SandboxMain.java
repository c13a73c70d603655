package io.contmig.sandbox;

import io.contmig.plan.WanDelays;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * {@code contmig:sandbox}: starts the sandbox, writes {@code sandbox.json} and runs until the JVM is told to stop
 * (Ctrl-C / SIGTERM), then stops every server it started (shutdown hook).
 *
 * <p>Arguments: {@code [--output FILE]} (default {@code target/contmig/sandbox.json}), {@code [--work-dir DIR]}
 * (default {@code target/contmig/sandbox}), {@code [--devices-to-edge 2ms] [--devices-to-cloud 25ms]
 * [--edge-to-cloud 20ms]}. Exit code 1 with one message per bad argument; 3 when the sandbox cannot start.
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path output = Path.of("target", "contmig", "sandbox.json");
        Path workDir = Path.of("target", "contmig", "sandbox");
        WanDelays wan = SandboxSettings.DEFAULT_WAN;
        Duration toEdge = wan.devicesToEdge();
        Duration toCloud = wan.devicesToCloud();
        Duration edgeCloud = wan.edgeToCloud();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            if (value == null) {
                problems.add(arg + ": missing value");
                break;
            }
            i++;
            try {
                switch (arg) {
                    case "--output" -> output = Path.of(value);
                    case "--work-dir" -> workDir = Path.of(value);
                    case "--devices-to-edge" -> toEdge = duration(arg, value);
                    case "--devices-to-cloud" -> toCloud = duration(arg, value);
                    case "--edge-to-cloud" -> edgeCloud = duration(arg, value);
                    default -> problems.add(arg + ": unknown argument (expected one of: --output, --work-dir, "
                            + "--devices-to-edge, --devices-to-cloud, --edge-to-cloud)");
                }
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(System.err::println);
            System.exit(1);
        }
        SandboxSettings settings = SandboxSettings.defaults(workDir)
                .withWan(new WanDelays(toEdge, toCloud, edgeCloud, 0));
        Sandbox sandbox;
        try {
            sandbox = Sandbox.start(settings);
            sandbox.writeJson(output);
        } catch (Exception e) {
            System.err.println("contmig sandbox: " + e.getMessage());
            System.exit(3);
            return;
        }
        System.out.println("contmig sandbox: " + sandbox.startupSummary());
        System.out.println("contmig sandbox: wrote " + output.toAbsolutePath() + "; running until Ctrl-C / SIGTERM");
        // The shutdown hook registered by Sandbox.start stops every server when the JVM is told to exit.
        new CountDownLatch(1).await();
    }

    /** Parses {@code 20ms}, {@code 2s} or bare milliseconds. */
    static Duration duration(String name, String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return nonNegative(name, text, Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2))));
            }
            if (t.endsWith("s")) {
                return nonNegative(name, text, Duration.ofMillis(
                        Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000)));
            }
            return nonNegative(name, text, Duration.ofMillis(Long.parseLong(t)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + text + "' is not a duration (e.g. 20ms, 2s)");
        }
    }

    private static Duration nonNegative(String name, String text, Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + ": '" + text + "' must be >= 0");
        }
        return d;
    }
}
