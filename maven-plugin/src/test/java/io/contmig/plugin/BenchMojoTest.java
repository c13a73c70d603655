package io.contmig.plugin;

import io.contmig.runner.ExitCode;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;

import java.io.File;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code bench} fails the build on a bad verdict unless told to leave the decision to {@code verify}. */
class BenchMojoTest {

    @Test
    void byDefaultFailAndUnknownFailTheBuild() throws Exception {
        BenchMojo mojo = mojo(true, true);
        assertThatThrownBy(() -> mojo.onVerdict(ExitCode.VERDICT_FAIL)).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("verdict FAIL");
        assertThatThrownBy(() -> mojo.onVerdict(ExitCode.VERDICT_UNKNOWN)).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("verdict UNKNOWN");
    }

    @Test
    void unknownIsToleratedWhenAskedButFailIsNot() throws Exception {
        BenchMojo mojo = mojo(true, false);
        assertThatCode(() -> mojo.onVerdict(ExitCode.VERDICT_UNKNOWN)).doesNotThrowAnyException();
        assertThatThrownBy(() -> mojo.onVerdict(ExitCode.VERDICT_FAIL)).isInstanceOf(MojoFailureException.class);
    }

    @Test
    void failOnErrorFalseOnlyRecordsTheVerdict() throws Exception {
        BenchMojo mojo = mojo(false, true);
        assertThatCode(() -> mojo.onVerdict(ExitCode.VERDICT_FAIL)).doesNotThrowAnyException();
        assertThatCode(() -> mojo.onVerdict(ExitCode.VERDICT_UNKNOWN)).doesNotThrowAnyException();
    }

    private static BenchMojo mojo(boolean failOnError, boolean failOnUnknown) throws Exception {
        BenchMojo mojo = new BenchMojo();
        set(mojo, BenchMojo.class, "failOnError", failOnError);
        set(mojo, BenchMojo.class, "failOnUnknown", failOnUnknown);
        set(mojo, ForkingMojo.class, "outputDirectory", new File("target/contmig"));
        return mojo;
    }

    private static void set(Object target, Class<?> owner, String field, Object value) throws Exception {
        var f = owner.getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }
}
