package io.contmig.servers.influx;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a (chunked) {@code /query} answer token by token and hands its series and rows to a
 * {@link InfluxClient.RowSink}, without building a JSON tree: a copy reads millions of rows, and the tree of each
 * chunk (one node per value) cost more than the rest of the conversion. The answer is a sequence of documents
 * {@code {"results":[{"statement_id":0,"series":[{"name","tags","columns","values","partial"}]}]}}; InfluxDB writes a
 * series' keys in that order (its Go struct's), so {@code columns} precede {@code values}. An {@code error} at the top
 * or in a result ends the read with an {@link IOException} carrying the server's message. One instance reads one
 * answer; not thread-safe.
 */
final class InfluxRowParser {

    private final JsonParser json;
    private final InfluxClient.RowSink sink;

    InfluxRowParser(JsonParser json, InfluxClient.RowSink sink) {
        this.json = json;
        this.sink = sink;
    }

    /** Reads every document of the answer; throws the answer's first error as an {@link IOException}. */
    void readAll() throws IOException {
        JsonToken t;
        while ((t = json.nextToken()) != null) {
            expect(t, JsonToken.START_OBJECT);
            readObject("results", this::readResult);
        }
    }

    private void readResult() throws IOException {
        expect(json.currentToken(), JsonToken.START_OBJECT);
        readObject("series", this::readSeries);
    }

    /**
     * Reads the fields of the object just opened: each element of the array {@code arrayField} with
     * {@code element} (positioned on the element's first token), an {@code error} as an {@link AnswerError}, any
     * other field skipped.
     */
    private void readObject(String arrayField, ElementReader element) throws IOException {
        while (json.nextToken() != JsonToken.END_OBJECT) {
            String field = json.currentName();
            JsonToken t = json.nextToken();
            if (arrayField.equals(field) && t == JsonToken.START_ARRAY) {
                while (json.nextToken() != JsonToken.END_ARRAY) {
                    element.read();
                }
            } else if ("error".equals(field) && t != JsonToken.VALUE_NULL) {
                throw new AnswerError(json.getText());
            } else {
                json.skipChildren();
            }
        }
    }

    private void readSeries() throws IOException {
        expect(json.currentToken(), JsonToken.START_OBJECT);
        String name = "";
        Map<String, String> tags = Map.of();
        List<String> columns = null;
        while (json.nextToken() != JsonToken.END_OBJECT) {
            String field = json.currentName();
            JsonToken t = json.nextToken();
            switch (field) {
                case "name" -> name = json.getText();
                case "tags" -> tags = readTags(t);
                case "columns" -> columns = readColumns(t);
                case "values" -> {
                    if (columns == null) {
                        throw new IOException("answer series '" + name + "' has values before its columns");
                    }
                    readValues(t, name, tags, columns);
                }
                default -> json.skipChildren();
            }
        }
    }

    private Map<String, String> readTags(JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return Map.of();
        }
        expect(t, JsonToken.START_OBJECT);
        Map<String, String> tags = new LinkedHashMap<>();
        while (json.nextToken() != JsonToken.END_OBJECT) {
            String key = json.currentName();
            json.nextToken();
            tags.put(key, json.getText());
        }
        return tags;
    }

    private List<String> readColumns(JsonToken t) throws IOException {
        expect(t, JsonToken.START_ARRAY);
        List<String> columns = new ArrayList<>();
        while (json.nextToken() != JsonToken.END_ARRAY) {
            columns.add(json.getText());
        }
        return List.copyOf(columns);
    }

    private void readValues(JsonToken t, String name, Map<String, String> tags, List<String> columns)
            throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        expect(t, JsonToken.START_ARRAY);
        sink.series(name, tags, columns);
        Object[] row = new Object[columns.size()];
        while ((t = json.nextToken()) != JsonToken.END_ARRAY) {
            expect(t, JsonToken.START_ARRAY);
            int i = 0;
            while ((t = json.nextToken()) != JsonToken.END_ARRAY) {
                if (i == row.length) {
                    throw new IOException("a row of series '" + name + "' has more values than its "
                            + row.length + " columns");
                }
                row[i++] = scalar(t);
            }
            while (i < row.length) {
                row[i++] = null;
            }
            sink.row(row);
        }
    }

    private Object scalar(JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_NUMBER_INT -> json.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? (Object) json.getDoubleValue() : (Object) json.getLongValue();
            case VALUE_NUMBER_FLOAT -> json.getDoubleValue();
            case VALUE_STRING -> json.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + t + " among a row's values");
        };
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("malformed answer: expected " + expected + ", found " + actual);
        }
    }

    @FunctionalInterface
    private interface ElementReader {
        void read() throws IOException;
    }

    /** An error the server reported inside its answer (an InfluxQL error), as opposed to malformed JSON. */
    static final class AnswerError extends IOException {
        AnswerError(String message) {
            super(message);
        }
    }
}
