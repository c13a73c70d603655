package io.contmig.plan;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.contmig.plan.LoadProfile.constantRate;
import static io.contmig.plan.LoadProfile.rampRate;
import static io.contmig.plan.LoadProfile.stepRate;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LoadProfileTest {

    private final LoadProfile profile = LoadProfile.of(
            constantRate(50).during(ofSeconds(60)),
            rampRate(50).to(200).during(ofSeconds(30)),
            stepRate(100));

    @Test
    void rateFollowsTheStagesAndTheLastOneHolds() {
        assertThat(profile.rateAt(Duration.ZERO)).isEqualTo(50);
        assertThat(profile.rateAt(ofSeconds(59))).isEqualTo(50);
        assertThat(profile.rateAt(ofSeconds(60))).isEqualTo(50);
        assertThat(profile.rateAt(ofSeconds(75))).isCloseTo(125, within(1e-9));
        assertThat(profile.rateAt(Duration.ofMillis(89_999))).isCloseTo(199.995, within(1e-9));
        assertThat(profile.rateAt(ofSeconds(90))).isEqualTo(100);
        assertThat(profile.rateAt(Duration.ofHours(5))).isEqualTo(100);
        assertThat(profile.holdRate()).isEqualTo(100);
        assertThat(profile.length()).isEqualTo(ofSeconds(90));
    }

    @Test
    void expectedCountIsTheIntegralOfTheRate() {
        assertThat(profile.expectedCount(ofSeconds(60))).isCloseTo(3000, within(1e-6));
        assertThat(profile.expectedCount(ofSeconds(75))).isCloseTo(3000 + (50 + 125) / 2.0 * 15, within(1e-6));
        assertThat(profile.expectedCount(ofSeconds(90))).isCloseTo(3000 + 125 * 30, within(1e-6));
        assertThat(profile.expectedCount(ofSeconds(100))).isCloseTo(3000 + 3750 + 1000, within(1e-6));
    }

    @Test
    void scalingMultipliesEveryRate() {
        LoadProfile perSecond = LoadProfile.of(constantRate(1).during(ofSeconds(10)), rampRate(1).to(2).during(ofSeconds(10)))
                .scaledBy(0.5);

        assertThat(perSecond.rateAt(ofSeconds(5))).isEqualTo(0.5);
        assertThat(perSecond.rateAt(ofSeconds(15))).isCloseTo(0.75, within(1e-9));
        assertThat(perSecond.holdRate()).isEqualTo(1.0);
    }

    @Test
    void builderStepsReturnNewInstances() {
        LoadProfile.Constant open = constantRate(5);
        LoadProfile.Constant bounded = open.during(ofSeconds(3));

        assertThat(open.during()).isEqualTo(Duration.ZERO);
        assertThat(bounded.during()).isEqualTo(ofSeconds(3));
        assertThat(bounded).isNotSameAs(open);
    }

    @Test
    void invalidStagesAreRefusedWithTheFieldAndValue() {
        assertThatThrownBy(() -> constantRate(-3)).hasMessage("rate (-3.0) must be >= 0 and finite");
        assertThatThrownBy(() -> rampRate(1).to(2).during(Duration.ZERO)).hasMessage("a ramp's during must be > 0");
        assertThatThrownBy(() -> constantRate(1).during(ofSeconds(-1))).hasMessage("during (-1s) must be >= 0");
        assertThatThrownBy(LoadProfile::of).hasMessage("a load profile needs at least one stage");
    }

    @Test
    void describeReadsLikeTheScenario() {
        assertThat(LoadProfile.of(rampRate(1).to(2).during(ofSeconds(10))).describe())
                .isEqualTo("ramp 1 → 2 for 10s, then 2 until the end");
        assertThat(profile.describe()).isEqualTo("constant 50 for 60s; ramp 50 → 200 for 30s; constant 100 until the end");
    }
}
