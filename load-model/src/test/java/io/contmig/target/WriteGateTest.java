package io.contmig.target;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteGateTest {

    private final WriteGate gate = new WriteGate("acme/kafka");

    @Test
    void blocksNestAndTheGateOpensWithTheLastOne() throws Exception {
        TenantRouting.WriteBlock first = gate.block(Duration.ofSeconds(5), Duration.ofSeconds(1));
        TenantRouting.WriteBlock second = gate.block(Duration.ofSeconds(5), Duration.ofSeconds(1));
        first.close();
        first.close(); // idempotent: must not open the gate under the second block
        assertThat(gate.isBlocked()).isTrue();
        assertThat(gate.tryEnter(Duration.ofMillis(20))).isFalse();
        second.close();
        assertThat(gate.isBlocked()).isFalse();
        assertThat(gate.tryEnter(Duration.ZERO)).isTrue();
        gate.exit();
        assertThat(gate.longestBlock()).isPositive();
    }

    @Test
    void aZeroMaxWaitRefusesWritesAtOnceWithTheUncheckedException() throws Exception {
        try (TenantRouting.WriteBlock ignored = gate.block(Duration.ZERO, Duration.ofSeconds(1))) {
            assertThatThrownBy(gate::enter).isInstanceOf(WriteBlockedException.class)
                    .hasMessage("acme/kafka: writes blocked for more than 0 ms (a store switch is in progress)");
        }
        gate.enter();
        gate.exit();
    }

    @Test
    void aBlockThatCannotDrainIsUndoneAndNamesTheWritesInFlight() throws Exception {
        gate.enter();
        assertThatThrownBy(() -> gate.block(Duration.ofSeconds(5), Duration.ofMillis(50)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("acme/kafka: 1 write(s) still in flight after 50 ms; block not taken");
        assertThat(gate.isBlocked()).isFalse();
        gate.exit();
    }

    @Test
    void aBlockWaitsForWritesInFlightAndWritersWaitForTheBlock() throws Exception {
        gate.enter();
        CompletableFuture<TenantRouting.WriteBlock> blocking = CompletableFuture.supplyAsync(() -> {
            try {
                return gate.block(Duration.ofSeconds(5), Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThatThrownBy(() -> blocking.get(100, TimeUnit.MILLISECONDS))
                .isInstanceOf(java.util.concurrent.TimeoutException.class);
        gate.exit();
        TenantRouting.WriteBlock block = blocking.get(5, TimeUnit.SECONDS);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                gate.enter();
                gate.exit();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(gate.awaitOpen(Duration.ofMillis(50))).isFalse();
        assertThat(writer).isNotDone();
        block.close();
        writer.get(5, TimeUnit.SECONDS);
    }
}
