package org.publicfunds.ledger.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.bson.RawBsonDocument;

/**
 * The documents inserted into the durable collections since the file store's last commit,
 * appended to a file before the insert is acknowledged. Appending a few hundred bytes costs far
 * less than committing the file store (which rewrites whole B-tree pages), so the store commits
 * once a second and this log covers the gap: after a crash the logged documents that the store
 * lacks are inserted again before anything else reads it.
 *
 * <p>The log is written, not fsynced, unless asked: it survives the process being killed, not
 * the machine losing power (the same trade-off as the file store's own commits).
 */
final class WriteAheadLog implements AutoCloseable {

    /** One logged insert: database, collection and the document as BSON. */
    record Entry(String database, String collection, RawBsonDocument document) {
    }

    private final FileChannel channel;
    private final boolean fsync;

    WriteAheadLog(Path file, boolean fsync) {
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            channel.position(channel.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the write-ahead log " + file, e);
        }
        this.fsync = fsync;
    }

    void append(String database, String collection, List<Document> documents) {
        ByteBuf buffer = Unpooled.buffer(1024 * documents.size()).order(ByteOrder.LITTLE_ENDIAN);
        try {
            for (Document document : documents) {
                int start = buffer.writerIndex();
                buffer.writeIntLE(0);
                writeString(buffer, database);
                writeString(buffer, collection);
                BsonEncoder.encodeDocument(document, buffer);
                buffer.setIntLE(start, buffer.writerIndex() - start - 4);
            }
            ByteBuffer bytes = buffer.nioBuffer();
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            if (fsync) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the write-ahead log", e);
        } finally {
            buffer.release();
        }
    }

    /** Every complete entry in the log; a torn last entry (a crash mid-write) is ignored. */
    List<Entry> read() {
        try {
            long size = channel.size();
            ByteBuffer all = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(all, 0);
            all.flip();
            List<Entry> entries = new ArrayList<>();
            while (all.remaining() >= 4) {
                int length = all.getInt();
                if (length <= 0 || length > all.remaining()) {
                    break;
                }
                ByteBuffer entry = all.slice().order(ByteOrder.LITTLE_ENDIAN).limit(length);
                all.position(all.position() + length);
                String database = readString(entry);
                String collection = readString(entry);
                byte[] bson = new byte[entry.remaining()];
                entry.get(bson);
                entries.add(new Entry(database, collection, new RawBsonDocument(bson)));
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the write-ahead log", e);
        }
    }

    /** Forgets everything logged so far: call only once the file store has committed it. */
    void truncate() {
        try {
            channel.truncate(0);
            channel.position(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot truncate the write-ahead log", e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeString(ByteBuf buffer, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        buffer.writeIntLE(bytes.length);
        buffer.writeBytes(bytes);
    }

    private static String readString(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.getInt()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
