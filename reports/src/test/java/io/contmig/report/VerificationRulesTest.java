package io.contmig.report;

import io.contmig.gate.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The verification rows of the README's verdict table: nothing is PASS with nothing checked. */
class VerificationRulesTest {

    @TempDir
    Path dir;

    private static final String ACME_KAFKA_OK = "{\"store\":\"kafka\",\"tenant\":\"acme\",\"where\":\"edge\",\"expected\":500,"
            + "\"lost\":0,\"duplicated\":2,\"reordered\":0,\"unexpected\":0,\"examples\":[]}";

    private SyntheticRecord placementRun(String name) throws IOException {
        return run(name, true);
    }

    private SyntheticRecord migrationRun(String name) throws IOException {
        return run(name, false);
    }

    /** A 70 s run with one injection {@code p} (a placement) or {@code m} (a migration) of tenant acme at 30..35 s. */
    private SyntheticRecord run(String dirName, boolean placement) throws IOException {
        SyntheticRecord r = new SyntheticRecord(dir.resolve(dirName)).plan("{\"gates\":[\"count(x, during) > 0\"]}");
        String name = placement ? "p" : "m";
        (placement ? r.placement(30_000, name, "acme") : r.injection(30_000, name, "acme"))
                .finished(35_000, name).healed(35_000, name);
        r.mark(70_000, "run-finished", Map.of());
        for (int s = 0; s < 70; s++) {
            r.samples(s, "x", "acme", true, 10, 1_000, 0);
        }
        return r;
    }

    @Test
    void aPlacementIsVerifiedByItsTenantsCrossStoreResult() throws IOException {
        RunReport r = Reports.analyze(placementRun("placement-pass").crossStore("[" + ACME_KAFKA_OK + ","
                + ACME_KAFKA_OK.replace("kafka", "influxdb").replace("\"duplicated\":2", "\"duplicated\":0") + ","
                + ACME_KAFKA_OK.replace("acme", "globex").replace("\"lost\":0", "\"lost\":9") + "]").write());

        Verification v = r.injections().get(0).verification();
        assertThat(v.verdict()).isEqualTo(Verdict.PASS);
        assertThat(v.checked()).isEqualTo(500);
        assertThat(v.lost()).isZero();
        assertThat(v.duplicated()).isEqualTo(2);
        assertThat(v.checks()).containsExactly(
                "kafka on edge: 500 acknowledged events of acme looked up, 0 lost, 2 duplicated",
                "influxdb on edge: 500 acknowledged events of acme looked up, 0 lost, 0 duplicated");
        assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        assertThat(r.reasons()).isEmpty();
        assertThat(r.checked()).singleElement().asString().startsWith("verification of 'p' PASS: kafka on edge: 500");
    }

    @Test
    void aPlacementWhoseTenantAcknowledgedNothingIsUnknown() throws IOException {
        RunReport r = Reports.analyze(placementRun("placement-zero")
                .crossStore("[" + ACME_KAFKA_OK.replace("\"expected\":500", "\"expected\":0") + "]").write());
        assertThat(r.injections().get(0).verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.reasons()).containsExactly(
                "verification of 'p' UNKNOWN: nothing was checked: tenant 'acme' has no acknowledged events");
    }

    @Test
    void aPlacementWithoutCrossStoreResultIsUnknown() throws IOException {
        RunReport none = Reports.analyze(placementRun("placement-none").write());
        assertThat(none.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(none.reasons()).containsExactly(
                "placement 'p' has no verification (no verification/cross-store.json): nothing was checked");
        RunReport other = Reports.analyze(placementRun("placement-other")
                .crossStore("[" + ACME_KAFKA_OK.replace("acme", "globex") + "]").write());
        assertThat(other.reasons()).containsExactly("placement 'p' has no verification (verification/cross-store.json"
                + " has no result for tenant 'acme'): nothing was checked");
    }

    @Test
    void aVerifierThatCheckedNothingIsUnknownWithItsReason() throws IOException {
        RunReport r = Reports.analyze(migrationRun("zero").verification("m",
                "{\"checked\":0,\"what\":\"rows\",\"lost\":0,\"duplicated\":0,\"mismatches\":[]}").write());
        assertThat(r.injections().get(0).verification().verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.reasons()).containsExactly("verification of 'm' UNKNOWN: nothing was checked (checked = 0)");
        // An older record's own PASS does not change that.
        RunReport old = Reports.analyze(migrationRun("zero-old").verification("m",
                "{\"verdict\":\"PASS\",\"checked\":0,\"lost\":0,\"duplicated\":0,\"mismatches\":[]}").write());
        assertThat(old.verdict()).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void anUndecidedVerifierIsUnknownAndALossFails() throws IOException {
        RunReport undecided = Reports.analyze(migrationRun("undecided").verification("m",
                "{\"checked\":0,\"lost\":0,\"duplicated\":0,\"mismatches\":[],\"undecided\":\"verifier could not run: refused\"}")
                .write());
        assertThat(undecided.reasons()).containsExactly("verification of 'm' UNKNOWN: verifier could not run: refused");
        RunReport lossy = Reports.analyze(migrationRun("lossy").verification("m",
                "{\"checked\":10,\"lost\":1,\"duplicated\":0,\"mismatches\":[\"missing on target: d:1\"]}").write());
        assertThat(lossy.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(lossy.reasons()).containsExactly("verification of 'm' FAIL: lost 1, duplicated 0");
    }

    @Test
    void theCrossStoreCheckOfAMigratedTenantCountsForTheMigration() throws IOException {
        String own = "{\"checked\":100,\"what\":\"rows\",\"lost\":0,\"duplicated\":0,\"mismatches\":[]}";
        RunReport lost = Reports.analyze(migrationRun("cross-lost").verification("m", own).crossStore("["
                + ACME_KAFKA_OK.replace("\"lost\":0", "\"lost\":3").replace("\"examples\":[]", "\"examples\":[\"d-1:7\"]")
                + "]").write());
        Verification v = lost.injections().get(0).verification();
        assertThat(v.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(v.checked()).isEqualTo(100);
        assertThat(v.lost()).isEqualTo(3);
        assertThat(v.mismatches()).containsExactly("kafka on edge: 3 acknowledged events of acme missing, e.g. d-1:7");
        assertThat(lost.reasons()).contains(
                "verification of 'm' FAIL: cross-store check: kafka on edge: 3 acknowledged events of acme missing, e.g. d-1:7");

        RunReport unread = Reports.analyze(migrationRun("cross-unread").verification("m", own).crossStore(
                "[{\"store\":\"influxdb\",\"tenant\":\"acme\",\"where\":\"edge\",\"problem\":\"connection refused\"}]")
                .write());
        assertThat(unread.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(unread.reasons()).containsExactly(
                "verification of 'm' UNKNOWN: cross-store check: influxdb on edge could not be read: connection refused");

        RunReport passed = Reports.analyze(migrationRun("cross-pass").verification("m", own)
                .crossStore("[" + ACME_KAFKA_OK + "]").write());
        assertThat(passed.verdict()).isEqualTo(Verdict.PASS);
        assertThat(passed.checked()).containsExactly("verification of 'm' PASS: verifier: 100 checked (rows), 0 lost, "
                + "0 duplicated; kafka on edge: 500 acknowledged events of acme looked up, 0 lost, 2 duplicated");
    }
}
