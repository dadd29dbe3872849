package org.publicfunds.ledger.embedded;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Every write command the embedded server accepted since its file store last committed, appended
 * before the command is applied. After a crash the file store opens at its last commit, and the
 * records after the sequence number that commit covers are applied again, in order, so the store
 * is exactly as it was when the last acknowledged write was answered.
 *
 * <p>A record is {@code magic, length, lsn, crc32c, payload}; the checksum covers the length, the
 * sequence number and the payload, and sequence numbers run on by one. Reading stops at the first
 * record that is torn, corrupt, or out of sequence (bytes of an earlier log that an unsynced
 * truncation left behind), and the file is cut back there, so later appends never follow garbage.
 *
 * <p>With {@code fsync}, {@link #awaitDurable} returns once the record is forced to the disk;
 * callers that arrive while a force is under way share the next one (group commit). Without it,
 * a record is durable once written: it survives the process being killed, not a power cut.
 */
final class WriteAheadLog implements AutoCloseable {

    static final int MAGIC = 0x4C41574C;
    static final int HEADER_BYTES = 20;
    /** Larger than any command the wire protocol carries (48 MB), so a larger length is corruption. */
    static final int MAX_PAYLOAD_BYTES = 64 << 20;

    /** One logged command. */
    record Entry(long lsn, String database, String command, Document query) {}

    /** The log could not take a record; {@code intact} tells whether it was cut back to its last whole record. */
    static final class AppendFailed extends IOException {
        final boolean intact;

        AppendFailed(IOException cause, boolean intact) {
            super("cannot append to the write-ahead log: " + cause.getMessage(), cause);
            this.intact = intact;
        }
    }

    private final FileChannel channel;
    private final boolean fsync;
    /** Guards the file's end and sequence numbers; appends are also serialised by the server's command lock. */
    private final Object appendLock = new Object();

    private long end;
    private long lastLsn;

    private final ReentrantLock syncLock = new ReentrantLock();
    private final Condition synced = syncLock.newCondition();
    private volatile long appendedLsn;
    private long durableLsn;
    private boolean syncing;
    private IOException syncFailure;

    WriteAheadLog(FileChannel channel, boolean fsync) {
        this.channel = channel;
        this.fsync = fsync;
    }

    /**
     * Reads the log from its start and hands every valid record after {@code afterLsn} to
     * {@code replay}; cuts the file back to the end of the last valid record. Returns the last
     * sequence number seen (at least {@code afterLsn}); appends continue from it.
     */
    long recover(long afterLsn, Consumer<Entry> replay) {
        try {
            long size = channel.size();
            long position = 0;
            long expected = -1;
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            long last = afterLsn;
            while (position + HEADER_BYTES <= size) {
                header.clear();
                readFully(header, position);
                header.flip();
                int magic = header.getInt();
                int length = header.getInt();
                long lsn = header.getLong();
                int crc = header.getInt();
                if (magic != MAGIC
                        || length < 0
                        || length > MAX_PAYLOAD_BYTES
                        || position + HEADER_BYTES + length > size
                        || (expected >= 0 && lsn != expected)) {
                    break;
                }
                ByteBuffer payload = ByteBuffer.allocate(length);
                readFully(payload, position + HEADER_BYTES);
                if (checksum(length, lsn, payload.array()) != crc) {
                    break;
                }
                if (lsn > afterLsn) {
                    replay.accept(decode(lsn, payload.array()));
                }
                last = Math.max(last, lsn);
                expected = lsn + 1;
                position += HEADER_BYTES + length;
            }
            if (position < size) {
                channel.truncate(position);
                channel.force(true);
            }
            synchronized (appendLock) {
                end = position;
                lastLsn = last;
            }
            appendedLsn = last;
            syncLock.lock();
            try {
                durableLsn = last;
            } finally {
                syncLock.unlock();
            }
            return last;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the write-ahead log", e);
        }
    }

    /** Appends one command; returns its sequence number. Not yet forced to the disk: see {@link #awaitDurable}. */
    long append(String database, String command, Document query) throws AppendFailed {
        ByteBuf body = Unpooled.buffer(256).order(ByteOrder.LITTLE_ENDIAN);
        try {
            writeString(body, database);
            writeString(body, command);
            BsonEncoder.encodeDocument(query, body);
            byte[] payload = new byte[body.readableBytes()];
            body.readBytes(payload);
            synchronized (appendLock) {
                long lsn = lastLsn + 1;
                ByteBuffer record =
                        ByteBuffer.allocate(HEADER_BYTES + payload.length).order(ByteOrder.LITTLE_ENDIAN);
                record.putInt(MAGIC)
                        .putInt(payload.length)
                        .putLong(lsn)
                        .putInt(checksum(payload.length, lsn, payload))
                        .put(payload)
                        .flip();
                try {
                    long at = end;
                    while (record.hasRemaining()) {
                        at += channel.write(record, at);
                    }
                } catch (IOException e) {
                    throw new AppendFailed(e, cutBack());
                }
                end += record.limit();
                lastLsn = lsn;
                appendedLsn = lsn;
                return lsn;
            }
        } finally {
            body.release();
        }
    }

    private boolean cutBack() {
        try {
            channel.truncate(end);
            return channel.size() == end;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Returns once the record {@code lsn} is as durable as this log promises: forced to the disk
     * with {@code fsync}, at once without. One caller forces for everyone waiting (group commit);
     * the lock is not held during the force, so appends go on meanwhile and join the next one.
     */
    void awaitDurable(long lsn) throws IOException {
        awaitDurable(lsn, false);
    }

    /** The same, forcing the log even without {@code fsync} when {@code always}. */
    void awaitDurable(long lsn, boolean always) throws IOException {
        if (!fsync && !always) {
            return;
        }
        syncLock.lock();
        try {
            while (durableLsn < lsn) {
                if (syncFailure != null) {
                    throw new IOException("the write-ahead log could not be forced to the disk", syncFailure);
                }
                if (syncing) {
                    synced.awaitUninterruptibly();
                    continue;
                }
                syncing = true;
                long target = appendedLsn;
                IOException failure = null;
                syncLock.unlock();
                try {
                    channel.force(false);
                } catch (IOException e) {
                    failure = e;
                } finally {
                    syncLock.lock();
                }
                syncing = false;
                if (failure != null) {
                    syncFailure = failure;
                } else {
                    durableLsn = Math.max(durableLsn, target);
                }
                synced.signalAll();
            }
        } finally {
            syncLock.unlock();
        }
    }

    /**
     * Everything up to {@code lsn} is now in the committed (and, with fsync, synced) file store:
     * the log starts again empty. Sequence numbers run on.
     */
    void checkpointed(long lsn) throws IOException {
        synchronized (appendLock) {
            if (lsn != lastLsn) {
                throw new IllegalStateException("checkpoint at " + lsn + " while the log is at " + lastLsn);
            }
            channel.truncate(0);
            end = 0;
        }
        syncLock.lock();
        try {
            durableLsn = Math.max(durableLsn, lsn);
            synced.signalAll();
        } finally {
            syncLock.unlock();
        }
    }

    long lastLsn() {
        synchronized (appendLock) {
            return lastLsn;
        }
    }

    /** Bytes in the log now. */
    long size() {
        synchronized (appendLock) {
            return end;
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

    private void readFully(ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw new IOException("unexpected end of the write-ahead log at " + at);
            }
            at += read;
        }
    }

    static int checksum(int length, long lsn, byte[] payload) {
        CRC32C crc = new CRC32C();
        ByteBuffer prefix = ByteBuffer.allocate(12)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(length)
                .putLong(lsn);
        crc.update(prefix.array());
        crc.update(payload);
        return (int) crc.getValue();
    }

    private static Entry decode(long lsn, byte[] payload) {
        ByteBuf buffer = Unpooled.wrappedBuffer(payload).order(ByteOrder.LITTLE_ENDIAN);
        String database = readString(buffer);
        String command = readString(buffer);
        return new Entry(lsn, database, command, BsonDecoder.decodeBson(buffer));
    }

    private static void writeString(ByteBuf buffer, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        buffer.writeIntLE(bytes.length);
        buffer.writeBytes(bytes);
    }

    private static String readString(ByteBuf buffer) {
        byte[] bytes = new byte[buffer.readIntLE()];
        buffer.readBytes(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
