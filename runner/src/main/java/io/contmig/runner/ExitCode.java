package io.contmig.runner;

/**
 * The exit-code contract of the forked runner JVM ({@link Main}), read back by the Maven goals.
 * Modelled on Gatling's {@code StatusCode}.
 */
public enum ExitCode {
    /** The command did what it was asked; for {@code bench}, the verdict is PASS (or a gate failure is tolerated). */
    OK(0),
    /** Bad input: scenario, overrides, run directory. Nothing was started or changed. */
    INVALID_INPUT(1),
    /** The run completed and its verdict is FAIL (a gate broke, or verification found a mismatch). */
    VERDICT_FAIL(2),
    /** An injection or an infrastructure piece failed, or the verdict is UNKNOWN and that is not tolerated. */
    RUN_FAILED(3);

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
}
