package io.contmig.record;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The lines of a record file ({@code timeline.jsonl}, {@code latency.hlog}), numbered from 1, for readers whose every
 * error names the file and the line. Bytes that are not UTF-8 (a corrupt or foreign file) are an {@link IOException}
 * {@code <file>:<line>: not UTF-8 text} instead of the decoder's bare "Input length = 1". Stateless.
 */
final class RecordLines {

    /** Receives one line and its number. */
    @FunctionalInterface
    interface LineConsumer {
        void accept(String line, int lineNo) throws IOException;
    }

    private RecordLines() {
    }

    /** Passes every line of {@code file} to {@code consumer} in order; stops at the first exception. */
    static void forEach(Path file, LineConsumer consumer) throws IOException {
        int lineNo = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                consumer.accept(line, lineNo);
            }
        } catch (CharacterCodingException e) {
            // The reader fails on the line after the last one it returned.
            throw new IOException(at(file, lineNo + 1) + "not UTF-8 text (" + e.getMessage() + ")", e);
        }
    }

    /** {@code <file>:<line>: }, the prefix of every located error. */
    static String at(Path file, int lineNo) {
        return file + ":" + lineNo + ": ";
    }
}
