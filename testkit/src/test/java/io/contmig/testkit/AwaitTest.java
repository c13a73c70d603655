package io.contmig.testkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AwaitTest {

    @Test
    void returnsOnceTheConditionHoldsAndCountsThrowsAsNotYet() throws Exception {
        AtomicInteger polls = new AtomicInteger();
        Await.until("third poll", Duration.ofSeconds(30), () -> {
            if (polls.incrementAndGet() == 1) {
                throw new IOException("not up yet");
            }
            return polls.get() >= 3;
        });
        assertThat(polls).hasValue(3);
    }

    @Test
    void failsWithWhatWasAwaitedWhatWasLastSeenAndTheLastError() {
        AtomicInteger polls = new AtomicInteger();
        assertThatThrownBy(() -> Await.until("the consumer", Duration.ofMillis(30), () -> {
            polls.incrementAndGet();
            throw new IOException("connection refused");
        }, () -> polls.get() > 0 ? "some polls" : "none"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("timed out after ")
                .hasMessageContaining("waiting for the consumer; last seen: some polls; last error: java.io.IOException: connection refused")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void refusesANonPositiveTimeout() {
        assertThatThrownBy(() -> Await.until("x", Duration.ZERO, () -> true))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("timeout (PT0S) must be > 0");
    }
}
