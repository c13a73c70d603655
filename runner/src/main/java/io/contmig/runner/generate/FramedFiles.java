package io.contmig.runner.generate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Files carried in a text stream that other output shares: a generator's standard output, which is also its pod
 * log on Kubernetes. Each file is a run of lines {@code @contmig-file <name> <base64 chunk>} closed by
 * {@code @contmig-end <name> <size>}; any other line is passed through (Gatling and the fleet print too). Lines,
 * not bytes, are the unit, so output of other threads interleaved line by line does no harm.
 *
 * <p>{@link #write} is called by one thread; a {@link Reader} is single-use and not thread-safe.
 */
public final class FramedFiles {

    private static final String FILE = "@contmig-file ";
    private static final String END = "@contmig-end ";
    private static final int CHUNK = 3 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private FramedFiles() {
    }

    /** Writes {@code file} to {@code out} under {@code name} (a plain file name). */
    public static void write(PrintStream out, String name, Path file) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name '" + name + "' must match " + NAME.pattern());
        }
        byte[] bytes = Files.readAllBytes(file);
        Base64.Encoder base64 = Base64.getEncoder();
        for (int off = 0; off < bytes.length; off += CHUNK) {
            byte[] chunk = java.util.Arrays.copyOfRange(bytes, off, Math.min(bytes.length, off + CHUNK));
            out.println(FILE + name + " " + base64.encodeToString(chunk));
        }
        out.println(END + name + " " + bytes.length);
        out.flush();
    }

    /**
     * Reads framed files out of a stream into a directory, passing every other line to a writer. Files are written
     * when their end line arrives, checked against the size it announces.
     */
    public static final class Reader {
        private final Path directory;
        private final Writer passThrough;
        private final Map<String, java.io.ByteArrayOutputStream> open = new LinkedHashMap<>();
        private final Map<String, Path> complete = new LinkedHashMap<>();

        public Reader(Path directory, Writer passThrough) {
            this.directory = directory;
            this.passThrough = passThrough;
        }

        /** Reads {@code in} to its end. */
        public void readAll(BufferedReader in) throws IOException {
            String line;
            while ((line = in.readLine()) != null) {
                accept(line);
            }
            passThrough.flush();
        }

        /** One line of the stream. */
        public void accept(String line) throws IOException {
            if (line.startsWith(FILE)) {
                int space = line.indexOf(' ', FILE.length());
                String name = name(line.substring(FILE.length(), space < 0 ? line.length() : space));
                byte[] chunk = Base64.getDecoder().decode(space < 0 ? "" : line.substring(space + 1).trim());
                open.computeIfAbsent(name, n -> new java.io.ByteArrayOutputStream()).write(chunk);
            } else if (line.startsWith(END)) {
                String[] parts = line.substring(END.length()).trim().split(" ");
                String name = name(parts[0]);
                java.io.ByteArrayOutputStream bytes = open.remove(name);
                byte[] content = bytes == null ? new byte[0] : bytes.toByteArray();
                long size = Long.parseLong(parts[1]);
                if (content.length != size) {
                    throw new IOException("framed file " + name + ": " + content.length + " bytes read, " + size
                            + " announced");
                }
                Path file = directory.resolve(name);
                Files.write(file, content);
                complete.put(name, file);
            } else {
                passThrough.write(line);
                passThrough.write('\n');
            }
        }

        /** The files completed so far: name → path. */
        public Map<String, Path> files() {
            return Map.copyOf(complete);
        }

        private static String name(String name) throws IOException {
            if (!NAME.matcher(name).matches()) {
                throw new IOException("framed file name '" + name + "' must match " + NAME.pattern());
            }
            return name;
        }
    }
}
