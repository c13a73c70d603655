package io.contmig.sandbox.rest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HmacJwtTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-28T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void aTokenIsValidUntilItsLifetimeEnds() {
        HmacJwt jwt = new HmacJwt(Duration.ofMinutes(5), clock);
        String token = jwt.issue("admin", List.of("SystemAdministrator"));
        assertThat(jwt.verify(token)).contains("admin");
        now.set(now.get().plus(Duration.ofMinutes(5)).minusSeconds(1));
        assertThat(jwt.verify(token)).contains("admin");
        now.set(now.get().plusSeconds(1));
        assertThat(jwt.verify(token)).isEmpty();
    }

    @Test
    void forgedTamperedOrForeignTokensAreRefused() {
        HmacJwt jwt = new HmacJwt(Duration.ofMinutes(5), clock);
        String token = jwt.issue("remote", List.of("RemoteAccessOnly"));
        String[] parts = token.split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"preferred_username\":\"admin\",\"exp\":99999999999}".getBytes(StandardCharsets.UTF_8));
        assertThat(jwt.verify(parts[0] + "." + otherPayload + "." + parts[2])).isEmpty();
        assertThat(jwt.verify(parts[0] + "." + parts[1] + ".AAAA")).isEmpty();
        assertThat(jwt.verify("garbage")).isEmpty();
        assertThat(jwt.verify("a.b.c")).isEmpty();
        // Another server instance has another key.
        assertThat(new HmacJwt(Duration.ofMinutes(5), clock).verify(token)).isEmpty();
    }

    @Test
    void lifetimeBelowOneSecondIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> new HmacJwt(Duration.ofMillis(10), clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0.01S");
    }
}
