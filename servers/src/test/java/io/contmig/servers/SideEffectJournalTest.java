package io.contmig.servers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class SideEffectJournalTest {

    @Test
    void provesOnlyWhatWasRecordedAndNeitherRemovedNorKept(@TempDir Path dir) {
        SideEffectJournal journal = new SideEffectJournal(dir.resolve("state/journal.jsonl"));
        var slot = journal.intend(SideEffectJournal.PG_REPLICATION_SLOT, "127.0.0.1:5432/tenant_a", "contmig_a", "move-a");
        var db = journal.intend(SideEffectJournal.PG_DATABASE, "127.0.0.1:5433/", "tenant_a", "move-a");
        journal.intend(SideEffectJournal.KAFKA_TOPIC, "127.0.0.1:9092", "mm2-offset-syncs", "move-a");

        assertThat(journal.proves(SideEffectJournal.PG_REPLICATION_SLOT, "127.0.0.1:5432/tenant_a", "contmig_a"))
                .contains(slot);
        assertThat(journal.proves(SideEffectJournal.PG_REPLICATION_SLOT, "127.0.0.1:5432/tenant_a", "pg_16400_sync_1"))
                .isEmpty();
        assertThat(journal.proves(SideEffectJournal.PG_REPLICATION_SLOT, "127.0.0.1:5432/tenant_b", "contmig_a"))
                .isEmpty();

        journal.removed(slot);
        journal.kept(db);
        assertThat(new SideEffectJournal(journal.file()).outstanding()).extracting(SideEffectJournal.Entry::name)
                .containsExactly("mm2-offset-syncs");
        assertThat(journal.outstanding().get(0).orphaned()).isFalse();
    }

    @Test
    void aTornLastLineOfAKilledWriterIsNoProof(@TempDir Path dir) throws Exception {
        SideEffectJournal journal = new SideEffectJournal(dir.resolve("journal.jsonl"));
        journal.intend(SideEffectJournal.PG_PUBLICATION, "h:1/db", "p1", "o");
        Files.writeString(journal.file(), "{\"op\":\"intend\",\"id\":\"x\",\"kind\":\"pg.publ", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        assertThat(journal.outstanding()).extracting(SideEffectJournal.Entry::name).containsExactly("p1");
        journal.intend(SideEffectJournal.PG_PUBLICATION, "h:1/db", "p2", "o");
        assertThat(journal.outstanding()).extracting(SideEffectJournal.Entry::name).containsExactly("p1", "p2");
    }

    @Test
    void concurrentWritersLoseNoRecord(@TempDir Path dir) {
        SideEffectJournal journal = new SideEffectJournal(dir.resolve("journal.jsonl"));
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            writers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 50; i++) {
                    journal.intend(SideEffectJournal.KAFKA_TOPIC, "k", "t-" + writer + "-" + i, "o");
                }
            }));
        }
        writers.forEach(CompletableFuture::join);
        assertThat(journal.outstanding()).hasSize(200);
    }
}
