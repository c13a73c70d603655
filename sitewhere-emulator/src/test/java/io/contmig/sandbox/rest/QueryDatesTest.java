package io.contmig.sandbox.rest;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryDatesTest {

    @Test
    void acceptsSiteWheresDateFormats() {
        ZoneId local = ZoneId.systemDefault();
        assertThat(QueryDates.parse("2026-01-02")).isEqualTo(LocalDate.of(2026, 1, 2).atStartOfDay(local).toInstant());
        assertThat(QueryDates.parse("20260102")).isEqualTo(LocalDate.of(2026, 1, 2).atStartOfDay(local).toInstant());
        assertThat(QueryDates.parse("2026-01-02T03:04:05Z")).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(QueryDates.parse("2026-01-02T03:04:05.123Z")).isEqualTo(Instant.parse("2026-01-02T03:04:05.123Z"));
        assertThat(QueryDates.parse("2026-01-02T04:04:05+01:00")).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(QueryDates.parse("2026-01-02T03:04:05"))
                .isEqualTo(LocalDateTime.of(2026, 1, 2, 3, 4, 5).atZone(local).toInstant());
    }

    @Test
    void refusesOtherText() {
        assertThatThrownBy(() -> QueryDates.parse("yesterday")).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> QueryDates.parse("1767268800000")).isInstanceOf(DateTimeParseException.class);
    }
}
