package org.publicfunds.ledger.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import de.bwaldvogel.mongo.bson.Document;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log reads back exactly the records that were whole when it was cut short or damaged, never
 * one it did not write, and new records appended after a damaged tail survive the next recovery.
 */
class WriteAheadLogTest {

    @TempDir
    Path dir;

    @Test
    void readsBackWhatItWrote() throws Exception {
        try (WriteAheadLog log = open("a.wal")) {
            assertThat(log.recover(0, e -> {})).isZero();
            for (int i = 1; i <= 5; i++) {
                assertThat(log.append("ledger", "insert", command(i))).isEqualTo(i);
            }
        }
        List<WriteAheadLog.Entry> entries = new ArrayList<>();
        try (WriteAheadLog log = open("a.wal")) {
            assertThat(log.recover(2, entries::add)).isEqualTo(5);
            assertThat(log.append("ledger", "insert", command(6))).isEqualTo(6);
        }
        assertThat(entries).extracting(WriteAheadLog.Entry::lsn).containsExactly(3L, 4L, 5L);
        assertThat(entries.get(0).query().get("n")).isEqualTo(3);
        assertThat(entries.get(0).command()).isEqualTo("insert");
        assertThat(entries.get(0).database()).isEqualTo("ledger");
    }

    /** Random cuts and bit flips anywhere: recovery yields a prefix, and appending after it works. */
    @Test
    void aDamagedTailIsCutBackAndLaterRecordsSurvive() throws Exception {
        Random random = new Random(20261129);
        for (int round = 0; round < 300; round++) {
            String name = "r" + round + ".wal";
            int written = 1 + random.nextInt(12);
            try (WriteAheadLog log = open(name)) {
                log.recover(0, e -> {});
                for (int i = 1; i <= written; i++) {
                    log.append("ledger", "insert", command(i));
                }
            }
            long size = dir.resolve(name).toFile().length();
            try (FileChannel channel =
                    FileChannel.open(dir.resolve(name), StandardOpenOption.WRITE, StandardOpenOption.READ)) {
                switch (random.nextInt(3)) {
                    case 0 -> channel.truncate(random.nextLong(size + 1));
                    case 1 -> {
                        long at = random.nextLong(size);
                        ByteBuffer b = ByteBuffer.allocate(1);
                        channel.read(b, at);
                        b.put(0, (byte) (b.get(0) ^ (1 << random.nextInt(8))));
                        b.rewind();
                        channel.write(b, at);
                    }
                    default -> {
                        // a torn record: a header and part of a payload, as a crash mid-append leaves it
                        byte[] junk = new byte[1 + random.nextInt(60)];
                        random.nextBytes(junk);
                        ByteBuffer torn = ByteBuffer.allocate(8 + junk.length).order(ByteOrder.LITTLE_ENDIAN);
                        torn.putInt(WriteAheadLog.MAGIC).putInt(500).put(junk).flip();
                        channel.write(torn, size);
                    }
                }
            }
            List<WriteAheadLog.Entry> first = new ArrayList<>();
            long next;
            try (WriteAheadLog log = open(name)) {
                long last = log.recover(0, first::add);
                for (int i = 0; i < first.size(); i++) {
                    assertThat(first.get(i).lsn()).isEqualTo(i + 1);
                    assertThat(first.get(i).query().get("n")).isEqualTo(i + 1);
                }
                assertThat(last).isEqualTo(first.size());
                next = log.append("ledger", "insert", command(100));
                assertThat(next).isEqualTo(first.size() + 1);
            }
            List<WriteAheadLog.Entry> second = new ArrayList<>();
            try (WriteAheadLog log = open(name)) {
                log.recover(0, second::add);
            }
            assertThat(second).hasSize(first.size() + 1);
            assertThat(second.get(second.size() - 1).query().get("n")).isEqualTo(100);
        }
    }

    @Test
    void afterACheckpointRecordsRestartAtTheBeginningWithTheirNumbersRunningOn() throws Exception {
        try (WriteAheadLog log = open("c.wal")) {
            log.recover(0, e -> {});
            log.append("ledger", "insert", command(1));
            log.append("ledger", "insert", command(2));
            log.checkpointed(2);
            assertThat(log.size()).isZero();
            assertThat(log.append("ledger", "insert", command(3))).isEqualTo(3);
        }
        List<WriteAheadLog.Entry> entries = new ArrayList<>();
        try (WriteAheadLog log = open("c.wal")) {
            assertThat(log.recover(2, entries::add)).isEqualTo(3);
        }
        assertThat(entries).extracting(WriteAheadLog.Entry::lsn).containsExactly(3L);
    }

    private WriteAheadLog open(String name) throws Exception {
        return new WriteAheadLog(
                FileChannel.open(
                        dir.resolve(name),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE),
                true);
    }

    private static Document command(int n) {
        Document document = new Document("insert", "events");
        document.put("n", n);
        document.put("documents", List.of(new Document("_id", (long) n)));
        return document;
    }
}
