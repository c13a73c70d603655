package io.contmig.sandbox.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Parses the {@code startDate} / {@code endDate} query parameters as SiteWhere's
 * {@code DataUtils.parseDateInMutipleFormats} does: {@code yyyyMMdd}, {@code yyyy-MM-dd}, or an ISO date-time with
 * optional seconds, fraction and offset; a value without a zone is read in the JVM's default zone (as SiteWhere).
 * Stateless and thread-safe.
 */
final class QueryDates {

    private static final DateTimeFormatter FORMATS = DateTimeFormatter.ofPattern(
            "[yyyyMMdd][yyyy-MM-dd][yyyy-DDD]['T'[HHmmss][HHmm][HH:mm:ss][HH:mm][.SSSSSSSSS][.SSSSSS][.SSS][.SS][.S]]"
                    + "[OOOO][O][z][XXXXX][XXXX]['['VV']']", Locale.ENGLISH);

    private QueryDates() {
    }

    /** The instant {@code value} denotes; {@link DateTimeParseException} when no format matches. */
    static Instant parse(String value) {
        TemporalAccessor parsed = FORMATS.parseBest(value, ZonedDateTime::from, LocalDateTime::from,
                LocalDate::from);
        if (parsed instanceof ZonedDateTime zoned) {
            return zoned.toInstant();
        }
        if (parsed instanceof LocalDateTime local) {
            return local.atZone(ZoneId.systemDefault()).toInstant();
        }
        return ((LocalDate) parsed).atStartOfDay(ZoneId.systemDefault()).toInstant();
    }
}
