package io.contmig.runner;

/**
 * The exit-code contract of the forked runner JVM ({@link Main}), read back by the Maven goals (modelled on
 * Gatling's {@code StatusCode}). The runner reports what happened; whether that fails the build is the goals'
 * decision ({@code contmig.failOnError}, {@code contmig.failOnUnknown}).
 *
 * <table>
 *   <caption>Exit codes and {@code verdict.json}</caption>
 *   <tr><th>code</th><th>meaning</th><th>{@code verdict.json}</th></tr>
 *   <tr><td>0</td><td>done; for {@code bench} the verdict is PASS</td><td>{@code PASS}</td></tr>
 *   <tr><td>1</td><td>bad input; nothing was started or changed</td><td>not written</td></tr>
 *   <tr><td>2</td><td>the run completed, verdict FAIL</td><td>{@code FAIL}</td></tr>
 *   <tr><td>3</td><td>the run could not run (environment, server, interruption, internal error)</td>
 *       <td>{@code UNKNOWN} with {@code "aborted": true} when the run directory exists, else not written</td></tr>
 *   <tr><td>4</td><td>the run completed, verdict UNKNOWN (missing data, failed heal, ...)</td><td>{@code UNKNOWN}</td></tr>
 * </table>
 */
public enum ExitCode {
    /** The command did what it was asked; for {@code bench}, the verdict is PASS. */
    OK(0),
    /** Bad input: scenario, overrides, run directory. Nothing was started or changed. */
    INVALID_INPUT(1),
    /** The run completed and its verdict is FAIL (a gate broke, or verification found a mismatch). */
    VERDICT_FAIL(2),
    /** The run could not run or was cut short: a missing binary, a port in use, a server that died, an interruption. */
    RUN_FAILED(3),
    /** The run completed and its verdict is UNKNOWN (data missing for a gate, a failed heal, nothing checked). */
    VERDICT_UNKNOWN(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The exit code with the numeric value {@code code}; unknown values (a crashed JVM) map to {@link #RUN_FAILED}. */
    public static ExitCode of(int code) {
        for (ExitCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return RUN_FAILED;
    }

    /** The exit code of a completed run with this verdict ({@code PASS}, {@code FAIL} or {@code UNKNOWN}). */
    public static ExitCode ofVerdict(String verdict) {
        return switch (verdict) {
            case "PASS" -> OK;
            case "FAIL" -> VERDICT_FAIL;
            default -> VERDICT_UNKNOWN;
        };
    }
}
