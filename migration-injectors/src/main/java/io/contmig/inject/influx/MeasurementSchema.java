package io.contmig.inject.influx;

import io.contmig.servers.influx.InfluxClient;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which columns of one measurement are tags and which are fields, and each field's type, as the server reports
 * them ({@code SHOW TAG KEYS}, {@code SHOW FIELD KEYS}): a {@code SELECT *} answer does not say. Immutable.
 *
 * @param measurement the measurement's name
 * @param tagKeys     its tag keys
 * @param fieldTypes  field key → {@code float}, {@code integer}, {@code string} or {@code boolean}
 */
record MeasurementSchema(String measurement, Set<String> tagKeys, Map<String, String> fieldTypes) {

    MeasurementSchema {
        Objects.requireNonNull(measurement, "measurement");
        tagKeys = Set.copyOf(tagKeys);
        fieldTypes = Map.copyOf(fieldTypes);
    }

    /** Reads the schema of every measurement of {@code database}. */
    static List<MeasurementSchema> read(InfluxClient api, String database) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (var row : api.rows(database, "SHOW MEASUREMENTS")) {
            names.add(row.path(0).asText());
        }
        List<MeasurementSchema> schemas = new java.util.ArrayList<>();
        for (String name : names) {
            Set<String> tags = new LinkedHashSet<>();
            for (var row : api.rows(database, "SHOW TAG KEYS FROM " + InfluxQl.identifier(name))) {
                tags.add(row.path(0).asText());
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (var row : api.rows(database, "SHOW FIELD KEYS FROM " + InfluxQl.identifier(name))) {
                fields.put(row.path(0).asText(), row.path(1).asText());
            }
            schemas.add(new MeasurementSchema(name, tags, fields));
        }
        return schemas;
    }
}
