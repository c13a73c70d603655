package io.contmig.servers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The side-effect journal: every external object contmig creates (replication slot, publication, subscription,
 * database, Kafka topic, throttle, Kubernetes patch, child process) is {@linkplain #intend recorded} <em>before</em>
 * it is created, and {@linkplain #removed marked removed} once dropped, or {@linkplain #kept kept} when it became
 * part of the migrated system (a target database after a successful switch). Destructive clean-up only touches
 * objects the journal {@linkplain #proves proves} contmig created; {@link #outstanding} lists what a killed or aborted
 * run left, for reconciliation at the next start and on abort.
 *
 * <p>Format: one JSON object per line, appended ({@code {"op":"intend"|"removed"|"kept","id",...}}); never rewritten,
 * so a crash mid-write loses at most its own torn last line (skipped when read). The machine's journal lives in the
 * contmig state directory ({@code <contmig cache>/state/journal.jsonl}); it holds names and addresses, never
 * credentials.
 *
 * <p>Thread-safe and safe across JVMs: every append and read holds an exclusive file lock.
 */
public final class SideEffectJournal {

    /** Kinds of external objects, as written in the journal. */
    public static final String PG_DATABASE = "pg.database";
    public static final String PG_PUBLICATION = "pg.publication";
    public static final String PG_SUBSCRIPTION = "pg.subscription";
    public static final String PG_REPLICATION_SLOT = "pg.replication-slot";
    public static final String KAFKA_TOPIC = "kafka.topic";
    /** A replication throttle ({@code *.replication.throttled.*}) set on a broker or a topic; name {@code broker:<id>} or {@code topic:<name>}. */
    public static final String KAFKA_THROTTLE = "kafka.throttle";
    /** A patch of a Kubernetes resource; {@code where} names the cluster and resource, {@code name} what was patched. */
    public static final String KUBERNETES_PATCH = "kubernetes.patch";
    public static final String PROCESS = "process";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    /**
     * One recorded object.
     *
     * @param id       unique id of this record
     * @param kind     what it is ({@link #PG_REPLICATION_SLOT}, ...)
     * @param where    the server holding it, as an address without credentials (e.g. {@code 127.0.0.1:5432/tenant_a})
     * @param name     its name on that server
     * @param owner    who created it (run id and injection)
     * @param ownerPid the JVM that created it
     * @param at       when it was recorded
     * @param restore  how to undo it when that is not implied by its kind (e.g. the merge patch putting back what a
     *                 {@link #KUBERNETES_PATCH} changed); empty otherwise
     */
    public record Entry(String id, String kind, String where, String name, String owner, long ownerPid, Instant at,
                        String restore) {
        public Entry {
            Objects.requireNonNull(restore, "restore");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(where, "where");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(at, "at");
        }

        /** Whether the JVM that recorded it has died (its run can no longer clean it itself). */
        public boolean orphaned() {
            return ProcessHandle.of(ownerPid).map(p -> !p.isAlive()).orElse(true);
        }
    }

    /** A journal in {@code file} (created on first append). */
    public SideEffectJournal(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    /** The machine's journal: {@code <contmig cache>/state/journal.jsonl}. */
    public static SideEffectJournal machine() {
        return new SideEffectJournal(DebianPackages.userCache().cacheRoot().resolve("state").resolve("journal.jsonl"));
    }

    public Path file() {
        return file;
    }

    /** Records that contmig is about to create {@code kind} {@code name} at {@code where}; call before creating it. */
    public Entry intend(String kind, String where, String name, String owner) {
        return intend(kind, where, name, owner, "");
    }

    /**
     * As {@link #intend(String, String, String, String)}, with {@code restore}: what undoes the change (a Kubernetes
     * patch's inverse patch), recorded with it because after a crash nothing else remembers the old value.
     */
    public Entry intend(String kind, String where, String name, String owner, String restore) {
        Entry e = new Entry(UUID.randomUUID().toString(), kind, where, name, owner, ProcessHandle.current().pid(),
                Instant.now(), restore);
        ObjectNode line = JSON.createObjectNode().put("op", "intend").put("id", e.id()).put("kind", kind)
                .put("where", where).put("name", name).put("owner", owner).put("ownerPid", e.ownerPid())
                .put("at", e.at().toString());
        if (!restore.isEmpty()) {
            line.put("restore", restore);
        }
        append(line);
        return e;
    }

    /** Records that {@code entry}'s object is gone (dropped, or it was never created). */
    public void removed(Entry entry) {
        append(JSON.createObjectNode().put("op", "removed").put("id", entry.id()).put("at", Instant.now().toString()));
    }

    /** Records that {@code entry}'s object now belongs to the migrated system: no clean-up may drop it any more. */
    public void kept(Entry entry) {
        append(JSON.createObjectNode().put("op", "kept").put("id", entry.id()).put("at", Instant.now().toString()));
    }

    /** Objects recorded and neither removed nor kept, oldest first. */
    public List<Entry> outstanding() {
        Map<String, Entry> open = new LinkedHashMap<>();
        for (JsonNode line : lines()) {
            String id = line.path("id").asText("");
            switch (line.path("op").asText("")) {
                case "intend" -> {
                    try {
                        open.put(id, new Entry(id, line.path("kind").asText(), line.path("where").asText(),
                                line.path("name").asText(), line.path("owner").asText(),
                                line.path("ownerPid").asLong(), Instant.parse(line.path("at").asText()),
                                line.path("restore").asText("")));
                    } catch (RuntimeException torn) {
                        // an incomplete record is no proof of anything
                    }
                }
                case "removed", "kept" -> open.remove(id);
                default -> {
                    // unknown operation of a newer version: ignored
                }
            }
        }
        return new ArrayList<>(open.values());
    }

    /** The outstanding record of {@code kind} {@code name} at {@code where}, if contmig created it and it remains. */
    public Optional<Entry> proves(String kind, String where, String name) {
        return outstanding().stream()
                .filter(e -> e.kind().equals(kind) && e.where().equals(where) && e.name().equals(name))
                .reduce((first, later) -> later);
    }

    private static final Object IN_JVM = new Object();

    private void append(ObjectNode line) {
        synchronized (IN_JVM) {
            appendLocked(line);
        }
    }

    private void appendLocked(ObjectNode line) {
        try {
            Posix.createPrivateDirectories(file.getParent());
            byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                if (ch.size() > 0) {
                    // After a torn last line (a writer killed mid-append), start on a line of our own.
                    ByteBuffer last = ByteBuffer.allocate(1);
                    ch.read(last, ch.size() - 1);
                    if (last.get(0) != '\n') {
                        ch.write(ByteBuffer.wrap(new byte[] {'\n'}), ch.size());
                    }
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    ch.write(buffer, ch.size());
                }
                ch.force(false);
            }
        } catch (IOException e) {
            // Not recorded means not created: the caller must not go on to create the object.
            throw new UncheckedIOException("side-effect journal " + file + ": cannot record " + line, e);
        }
    }

    private List<JsonNode> lines() {
        synchronized (IN_JVM) {
            return linesLocked();
        }
    }

    private List<JsonNode> linesLocked() {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            ByteBuffer buffer = ByteBuffer.allocate((int) ch.size());
            while (buffer.hasRemaining() && ch.read(buffer) >= 0) {
                // read the whole file under the lock
            }
            for (String text : new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).split("\n")) {
                try {
                    JsonNode node = JSON.readTree(text);
                    if (node != null && node.isObject()) {
                        out.add(node);
                    }
                } catch (IOException torn) {
                    // a torn last line of a killed writer
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("side-effect journal " + file + ": cannot read", e);
        }
        return out;
    }
}
