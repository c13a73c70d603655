package io.contmig.sandbox.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.contmig.sandbox.devices.Paging;
import io.contmig.sandbox.devices.SiteWhereErrorCode;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One authenticated API call: its method, path segments after {@code /api/}, query parameters, user and body.
 * Immutable in use (nobody writes its arrays or maps); its accessors refuse bad input with an {@link ApiError}. A NUL
 * character anywhere in the path, the query or the body's strings is refused (400) when the call is made: PostgreSQL's
 * text cannot hold it, so it would otherwise fail a statement (a 500) instead of naming the bad input.
 */
record Call(String method, List<String> segments, Map<String, String> query, String user,
           byte[] body) {

    Call {
        for (String segment : segments) {
            requireNoNul(segment, "path segment");
        }
        for (Map.Entry<String, String> parameter : query.entrySet()) {
            requireNoNul(parameter.getKey(), "query parameter name");
            requireNoNul(parameter.getValue(), "query parameter " + parameter.getKey());
        }
    }

    private static void requireNoNul(String text, String what) {
        if (text.indexOf('\0') >= 0) {
            throw new NulCharacter(what + " (" + text.replace('\0', '?') + ") contains a NUL character");
        }
    }

    /** A NUL character in a call's input; {@link SiteWhereRestServer} answers it 400. */
    static final class NulCharacter extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        NulCharacter(String message) {
            super(message);
        }
    }
    boolean is(String httpMethod, int segmentCount) {
        return method.equals(httpMethod) && segments.size() == segmentCount;
    }

    JsonNode json() throws ApiError {
        try {
            JsonNode node = body.length == 0 ? null : SiteWhereJson.MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new ApiError(SiteWhereErrorCode.IncompleteData, "request body must be a JSON object");
            }
            requireNoNul(node);
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiError(SiteWhereErrorCode.Error, "request body is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiError(SiteWhereErrorCode.Error, "request body unreadable: " + e.getMessage());
        }
    }

    /** Refuses a NUL character in any string or field name of {@code root} (iteratively: the depth is the client's). */
    private static void requireNoNul(JsonNode root) throws ApiError {
        Deque<JsonNode> pending = new ArrayDeque<>(List.of(root));
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
                throw new ApiError(SiteWhereErrorCode.Error, "request body: a string contains a NUL character");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().indexOf('\0') >= 0) {
                    throw new ApiError(SiteWhereErrorCode.Error, "request body: a field name contains a NUL character");
                }
                pending.push(field.getValue());
            }
            if (node.isArray()) {
                node.forEach(pending::push);
            }
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
