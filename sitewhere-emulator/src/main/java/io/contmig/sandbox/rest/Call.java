package io.contmig.sandbox.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.contmig.sandbox.devices.Paging;
import io.contmig.sandbox.devices.SiteWhereErrorCode;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One authenticated API call: its method, path segments after {@code /api/}, query parameters, user and body.
 * Immutable in use (nobody writes its arrays or maps); its accessors refuse bad input with an {@link ApiError}.
 */
record Call(String method, List<String> segments, Map<String, String> query, String user,
           byte[] body) {
    boolean is(String httpMethod, int segmentCount) {
        return method.equals(httpMethod) && segments.size() == segmentCount;
    }

    JsonNode json() throws ApiError {
        try {
            JsonNode node = body.length == 0 ? null : SiteWhereJson.MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new ApiError(SiteWhereErrorCode.IncompleteData, "request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiError(SiteWhereErrorCode.Error, "request body is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiError(SiteWhereErrorCode.Error, "request body unreadable: " + e.getMessage());
        }
    }

    <T> T body(Class<T> type) throws ApiError {
        JsonNode node = json();
        try {
            return SiteWhereJson.MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new ApiError(SiteWhereErrorCode.Error, "request body does not fit "
                    + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    /** The call's paging; a {@code pageSize} above {@link Paging#MAX_PAGE_SIZE} is refused (one call, bounded work). */
    Paging paging() throws ApiError {
        int pageSize = positive("pageSize", 100);
        if (pageSize > Paging.MAX_PAGE_SIZE) {
            throw new ApiError(SiteWhereErrorCode.Error, "pageSize (" + pageSize + ") must be <= "
                    + Paging.MAX_PAGE_SIZE);
        }
        return new Paging(positive("page", 1), pageSize);
    }

    private int positive(String name, int fallback) throws ApiError {
        String raw = query.get(name);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= 1) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Answered below with the parameter's name and value.
        }
        throw new ApiError(SiteWhereErrorCode.Error, name + " (" + raw + ") must be an integer >= 1");
    }

    Optional<String> param(String name) {
        return Optional.ofNullable(query.get(name)).filter(v -> !v.isEmpty());
    }

    Optional<Instant> date(String name) throws ApiError {
        Optional<String> raw = param(name);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(QueryDates.parse(raw.get()));
        } catch (DateTimeParseException e) {
            throw new ApiError(SiteWhereErrorCode.Error, name + " (" + raw.get()
                    + ") is not a date (expected yyyy-MM-dd, yyyyMMdd or ISO-8601 date-time)");
        }
    }
}
