package io.contmig.plugin;

import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code mvn contmig:help}: the generated help goal describes every goal and the parameters of the plan goal. */
class HelpGoalTest {

    @Test
    void helpListsEveryGoalAndThePlanGoalsListParameter() throws Exception {
        StringBuilder printed = new StringBuilder();
        HelpMojo help = new HelpMojo();
        set(help, "detail", true);
        set(help, "lineLength", 120);
        set(help, "indentSize", 2);
        help.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                printed.append(content).append('\n');
            }
        });

        help.execute();

        assertThat(printed.toString()).contains("contmig:bench", "contmig:plan", "contmig:report", "contmig:verify",
                "contmig:sandbox", "contmig:help", "contmig:study", "contmig:compare", "contmig.list", "contmig.scenario",
                "contmig.study", "contmig.baseline", "contmig.regressionThreshold");
    }

    private static void set(Object target, String field, Object value) throws ReflectiveOperationException {
        Field f = target.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(target, value);
    }
}
