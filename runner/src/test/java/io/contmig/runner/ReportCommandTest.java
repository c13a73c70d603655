package io.contmig.runner;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code report} command re-renders a record written by another tool: plan.json absent, timeline + hlog only. */
class ReportCommandTest {

    @TempDir
    Path out;

    @Test
    void rendersAForeignRecordAndPointsLatestAtIt() throws Exception {
        Path run = Files.createDirectories(out.resolve("foreign-run"));
        Files.writeString(run.resolve("timeline.jsonl"), String.join("\n",
                "{\"t\":0,\"kind\":\"run-started\",\"source\":\"other-tool\"}",
                "{\"t\":30000,\"kind\":\"injection-started\",\"source\":\"x\",\"injection\":\"move\",\"injectionKind\":\"migration\"}",
                "{\"t\":30000,\"kind\":\"injection-phase\",\"source\":\"x\",\"injection\":\"move\",\"phase\":\"copy\"}",
                "{\"t\":36000,\"kind\":\"injection-finished\",\"source\":\"x\",\"injection\":\"move\"}",
                "{\"t\":36500,\"kind\":\"heal-finished\",\"source\":\"x\",\"injection\":\"move\"}",
                "{\"t\":70000,\"kind\":\"run-finished\",\"source\":\"other-tool\"}") + "\n");
        try (OutputStream hlog = Files.newOutputStream(run.resolve("latency.hlog"))) {
            HistogramLogWriter writer = new HistogramLogWriter(hlog);
            writer.setBaseTime(0);
            writer.outputBaseTime(0);
            writer.outputLegend();
            for (int second = 0; second < 70; second++) {
                Histogram h = new Histogram(3_600_000_000L, 3);
                long micros = second >= 30 && second < 36 ? 90_000 : 10_000;
                for (int i = 0; i < 50; i++) {
                    h.recordValue(micros + i);
                }
                h.setTag("mqtt.e2e");
                h.setStartTimeStamp(second * 1000L);
                h.setEndTimeStamp(second * 1000L + 1000);
                writer.outputIntervalHistogram(h);
            }
        }
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        ExitCode code = Main.run(List.of("report", "--output", out.toString(), "--run-dir", run.toString()),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));

        assertThat(code).as(stderr.toString(StandardCharsets.UTF_8)).isEqualTo(ExitCode.OK);
        assertThat(run.resolve("report.json")).exists();
        assertThat(run.resolve("junit.xml")).exists();
        assertThat(run.resolve("verdict.json")).exists();
        assertThat(run.resolve("report/index.html")).exists();
        assertThat(Files.readString(run.resolve("report.json"))).contains("\"move\"").contains("\"copy\"");
        assertThat(Files.readString(out.resolve("latest")).trim()).isEqualTo(run.toAbsolutePath().normalize().toString());
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("verdict:");
    }

    @Test
    void aDirectoryWithoutARecordIsInvalidInputNamingTheMissingFile() throws Exception {
        Path empty = Files.createDirectories(out.resolve("empty"));
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        ExitCode code = Main.run(List.of("report", "--output", out.toString(), "--run-dir", empty.toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("timeline.jsonl").doesNotContain("Exception");
    }

    @Test
    void unknownCommandsAndOptionsAreNamed() {
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        assertThat(Main.run(List.of("benchh"), System.out, err)).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(Main.run(List.of("report", "--rundir", "x"), System.out, err)).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .contains("unknown 'benchh' (expected one of: bench, sandbox, report, plan, study, compare)")
                .contains("unknown option '--rundir' (known: --baseline, --output, --run-dir)");
    }
}
