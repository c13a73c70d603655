package io.contmig.sandbox.devices;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The read side of {@link JdbcDeviceManagement}: selects device types, devices or assignments (one, or a page
 * ordered by created date, newest first) and completes each with its rows of the entity's {@code _metadata} table,
 * read in one more query per call.
 *
 * <p>Stateless and thread-safe; the caller owns the connection. Database failures pass on as {@link SQLException}.
 */
final class EntityReads {

    private EntityReads() {
    }

    /** Reads one row (without metadata) into an entity, then the entity is completed with its metadata. */
    interface RowReader<T> {
        T read(ResultSet row, Map<String, String> metadata) throws SQLException;
    }

    static <T> Optional<T> first(Connection c, String sql, Object key, String entity, RowReader<T> reader)
            throws SQLException {
        List<T> found = select(c, sql, List.of(key), entity, reader);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    static <T> Page<T> page(Connection c, String table, String where, List<Object> parameters, Paging paging,
                            String entity, RowReader<T> reader) throws SQLException {
        long total;
        try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM " + table + where)) {
            bind(count, parameters);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                total = rows.getLong(1);
            }
        }
        List<Object> all = new ArrayList<>(parameters);
        all.add(paging.pageSize());
        all.add(paging.offset());
        List<T> results = select(c, "SELECT * FROM " + table + where
                + " ORDER BY created_date DESC, token LIMIT ? OFFSET ?", all, entity, reader);
        return new Page<>(total, results);
    }

    private static <T> List<T> select(Connection c, String sql, List<Object> parameters, String entity,
                                      RowReader<T> reader) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        List<ResultSnapshot> rows = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement(sql)) {
            bind(query, parameters);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    UUID id = result.getObject("id", UUID.class);
                    ids.add(id);
                    rows.add(new ResultSnapshot(id, reader, result));
                }
            }
        }
        Map<UUID, Map<String, String>> metadata = metadata(c, entity, ids);
        List<T> entities = new ArrayList<>(rows.size());
        for (ResultSnapshot row : rows) {
            @SuppressWarnings("unchecked")
            Function<Map<String, String>, T> complete = (Function<Map<String, String>, T>) row.complete;
            entities.add(complete.apply(metadata.getOrDefault(row.id, Map.of())));
        }
        return entities;
    }

    /** A row read while its result set was open, waiting for its metadata. */
    private static final class ResultSnapshot {
        final UUID id;
        final Function<Map<String, String>, ?> complete;

        <T> ResultSnapshot(UUID id, RowReader<T> reader, ResultSet result) throws SQLException {
            this.id = id;
            // Read every column now (the result set moves on); the metadata is attached afterwards.
            T withoutMetadata = reader.read(result, Map.of());
            this.complete = metadata -> withMetadata(withoutMetadata, metadata);
        }
    }

    private static Object withMetadata(Object entity, Map<String, String> metadata) {
        if (entity instanceof DeviceType t) {
            return new DeviceType(t.id(), t.token(), t.name(), t.description(), t.imageUrl(), t.icon(),
                    t.backgroundColor(), t.foregroundColor(), t.borderColor(), t.containerPolicy(), t.createdDate(),
                    t.createdBy(), t.updatedDate(), t.updatedBy(), metadata);
        }
        if (entity instanceof Device d) {
            return new Device(d.id(), d.token(), d.deviceTypeId(), d.parentDeviceId(), d.comments(), d.status(),
                    d.createdDate(), d.createdBy(), d.updatedDate(), d.updatedBy(), metadata);
        }
        DeviceAssignment a = (DeviceAssignment) entity;
        return new DeviceAssignment(a.id(), a.token(), a.deviceId(), a.deviceTypeId(), a.customerId(), a.areaId(),
                a.assetId(), a.status(), a.activeDate(), a.releasedDate(), a.createdDate(), a.createdBy(),
                a.updatedDate(), a.updatedBy(), metadata);
    }

    private static Map<UUID, Map<String, String>> metadata(Connection c, String entity, List<UUID> ids)
            throws SQLException {
        Map<UUID, Map<String, String>> byId = new HashMap<>();
        if (ids.isEmpty()) {
            return byId;
        }
        Array array = c.createArrayOf("uuid", ids.toArray());
        try (PreparedStatement query = c.prepareStatement("SELECT " + entity + "_id, prop_key, prop_value FROM"
                + " devicemanagement." + entity + "_metadata WHERE " + entity + "_id = ANY (?)")) {
            query.setArray(1, array);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    byId.computeIfAbsent(rows.getObject(1, UUID.class), id -> new HashMap<>())
                            .put(rows.getString(2), rows.getString(3));
                }
            }
        } finally {
            array.free();
        }
        return byId;
    }

    private static void bind(PreparedStatement statement, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
    }
}
