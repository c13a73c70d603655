package io.contmig.report;

import io.contmig.record.RunRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files for the synthetic {@link GoldenRun}: report.json, junit.xml, verdict.json, report.csv and
 * report.md, rendered under the ROOT and German default locales (which must not change a byte).
 * Regenerate after an intended change with {@code mvn test -pl reports -Dtest=ReportGoldenTest
 * -Dcontmig.updateGolden=true} and review the diff.
 */
class ReportGoldenTest {

    private static final String GOLDEN = "/io/contmig/report/golden/";
    private static final List<ReportFormat> GOLDEN_FORMATS = List.of(ReportFormat.JSON, ReportFormat.JUNIT,
            ReportFormat.VERDICT, ReportFormat.CSV, ReportFormat.MARKDOWN);
    private final Locale original = Locale.getDefault();

    @TempDir
    Path dir;

    @AfterEach
    void restoreLocale() {
        Locale.setDefault(original);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ROOT", "de-DE"})
    void rendersTheGoldenFilesInEveryDefaultLocale(String locale) throws IOException {
        Locale.setDefault(locale.equals("ROOT") ? Locale.ROOT : Locale.forLanguageTag(locale));
        RunRecord record = GoldenRun.write(dir.resolve("run"));
        RunReport report = Reports.analyze(record);
        for (ReportFormat format : GOLDEN_FORMATS) {
            String name = Path.of(format.fileName()).getFileName().toString();
            String actual = Reports.render(report, format);
            if (Boolean.getBoolean("contmig.updateGolden") && locale.equals("ROOT")) {
                Path source = Paths.get("src/test/resources" + GOLDEN + name);
                Files.createDirectories(source.getParent());
                Files.writeString(source, actual, StandardCharsets.UTF_8);
                continue;
            }
            assertThat(actual).as("%s under default locale %s", name, locale).isEqualTo(golden(name));
        }
    }

    @Test
    void theSameRecordGivesByteIdenticalFiles() throws IOException {
        RunRecord record = GoldenRun.write(dir.resolve("run"));
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        Reports.writeAll(record, first);
        Locale.setDefault(Locale.GERMANY);
        Reports.writeAll(RunRecord.open(dir.resolve("run")), second);
        for (ReportFormat format : ReportFormat.values()) {
            assertThat(Files.readAllBytes(second.resolve(format.fileName())))
                    .as(format.fileName()).isEqualTo(Files.readAllBytes(first.resolve(format.fileName())));
        }
        assertThat(first.resolve("report/index.html")).isNotEmptyFile();
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = ReportGoldenTest.class.getResourceAsStream(GOLDEN + name)) {
            assertThat(in).as("golden file %s%s (generate it with -Dcontmig.updateGolden=true)", GOLDEN, name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
