package org.publicfunds.ledger.simulation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.store.fs.FakeFileChannel;
import org.h2.store.fs.FileBaseDefault;
import org.h2.store.fs.FilePath;
import org.publicfunds.ledger.embedded.StoreFiles;

/**
 * A disk in memory for the embedded server's two files, that keeps apart what was written and
 * what was synced. A process crash ({@link #crash}) keeps everything written, as the operating
 * system's page cache does for a killed process; a power cut ({@link #powerCut}) keeps what was
 * synced plus an arbitrary subset of the unsynced writes, whole, torn at 4 KiB pages, or not at
 * all, in any combination. Either way every channel opened before is dead: nothing the old
 * process still does reaches the disk. Reads and writes can be made to fail ({@link Faults}).
 *
 * <p>H2 reaches it as the file system {@code simfs:}; the write-ahead log through
 * {@link StoreFiles}.
 */
public final class SimulatedDisk implements StoreFiles {

    static final String SCHEME = "simfs";
    private static final int PAGE = 4096;
    private static final Map<String, SimulatedDisk> DISKS = new ConcurrentHashMap<>();
    private static final AtomicInteger IDS = new AtomicInteger();

    static {
        FilePath.register(new SimPath(SCHEME + ":"));
    }

    /** Failures of the disk itself; each may throw to fail the operation. */
    public interface Faults {
        Faults NONE = new Faults() {};

        default void write(String file, long position, int length) throws IOException {}

        default void sync(String file) throws IOException {}

        /** After a write reached the disk's memory: the place to crash between two writes of the server. */
        default void written(String file) {}
    }

    private final String id = "disk" + IDS.incrementAndGet();
    private final Map<String, SimFile> files = new ConcurrentHashMap<>();
    private volatile int generation;
    private volatile Faults faults = Faults.NONE;

    public SimulatedDisk() {
        DISKS.put(id, this);
    }

    public void faults(Faults faults) {
        this.faults = faults;
    }

    /** Forgets the disk (the simulation is over). */
    public void discard() {
        DISKS.remove(id);
    }

    @Override
    public String storeFile() {
        return SCHEME + ":" + id + "/" + STORE_FILE;
    }

    @Override
    public FileChannel openLog() {
        return open(LOG_FILE, generation);
    }

    @Override
    public void syncDirectory() {
        files.values().forEach(file -> file.linked = true);
    }

    @Override
    public String describe() {
        return storeFile();
    }

    /** The locks a start would find taken now, with where each was taken: what a failed start prints. */
    public synchronized String liveLocks() {
        StringBuilder out = new StringBuilder();
        files.forEach((name, file) -> {
            synchronized (file) {
                SimChannel holder = file.lockedBy;
                if (holder != null && holder.isOpen() && holder.generation == generation) {
                    StringWriter trace = new StringWriter();
                    file.lockedAt.printStackTrace(new PrintWriter(trace));
                    out.append(name).append(": ").append(trace);
                }
            }
        });
        return out.toString();
    }

    /** The process died: what was written stays, every open channel is dead. */
    public synchronized void crash() {
        generation++;
    }

    /** The power went: what was synced stays, of the rest an arbitrary subset. Every open channel is dead. */
    public synchronized void powerCut(Random random) {
        generation++;
        files.entrySet().removeIf(entry -> !entry.getValue().survivePowerCut(random));
    }

    /** Appends bytes to a file as a crash in the middle of a write would leave them (never synced). */
    public synchronized void appendTorn(String name, byte[] bytes) {
        SimFile file = files.get(name);
        if (file != null) {
            file.write(ByteBuffer.wrap(bytes), file.length);
        }
    }

    /** The last {@code n} bytes of a file. */
    public synchronized byte[] tail(String name, int n) {
        SimFile file = files.get(name);
        if (file == null) {
            return new byte[0];
        }
        int from = (int) Math.max(0, file.length - n);
        return Arrays.copyOfRange(file.data, from, (int) file.length);
    }

    private SimChannel open(String name, int generation) {
        SimFile file = files.computeIfAbsent(name, n -> new SimFile());
        return new SimChannel(this, name, file, generation);
    }

    /** One file: its bytes now, its bytes as last synced, and the writes since. */
    private static final class SimFile {
        byte[] data = new byte[0];
        long length;
        byte[] durable = new byte[0];
        long durableLength;
        boolean everSynced;
        /** Its directory entry is durable (the directory was synced after it was created). */
        volatile boolean linked;
        /** The channel holding the file's lock, as H2 takes it: one process per store. */
        SimChannel lockedBy;
        /** Where the lock was taken, for the report of a start that finds the file locked. */
        Throwable lockedAt;

        final List<Object> unsynced = new ArrayList<>();

        private record Write(long position, byte[] bytes) {}

        private record Truncate(long size) {}

        synchronized int write(ByteBuffer source, long position) {
            int length = source.remaining();
            byte[] bytes = new byte[length];
            source.get(bytes);
            apply(position, bytes);
            unsynced.add(new Write(position, bytes));
            return length;
        }

        private void apply(long position, byte[] bytes) {
            long end = position + bytes.length;
            if (end > data.length) {
                data = Arrays.copyOf(data, (int) Math.max(end, data.length * 2L));
            }
            System.arraycopy(bytes, 0, data, (int) position, bytes.length);
            length = Math.max(length, end);
        }

        synchronized int read(ByteBuffer target, long position) {
            if (position >= length) {
                return -1;
            }
            int n = (int) Math.min(target.remaining(), length - position);
            target.put(data, (int) position, n);
            return n;
        }

        synchronized void truncate(long size) {
            if (size < length) {
                Arrays.fill(data, (int) size, (int) length, (byte) 0);
                length = size;
            }
            unsynced.add(new Truncate(size));
        }

        synchronized void sync() {
            durable = Arrays.copyOf(data, (int) length);
            durableLength = length;
            everSynced = true;
            unsynced.clear();
        }

        synchronized boolean survivePowerCut(Random random) {
            if (!linked && !everSynced) {
                return false;
            }
            List<Object> pending = new ArrayList<>(unsynced);
            data = Arrays.copyOf(durable, (int) Math.max(durableLength, 16));
            length = durableLength;
            unsynced.clear();
            for (Object op : pending) {
                int fate = random.nextInt(3);
                if (fate == 0) {
                    continue;
                }
                if (op instanceof Truncate truncate) {
                    if (truncate.size() < length) {
                        Arrays.fill(data, (int) truncate.size(), (int) length, (byte) 0);
                        length = truncate.size();
                    }
                } else if (op instanceof Write write) {
                    if (fate == 1) {
                        apply(write.position(), write.bytes());
                    } else {
                        // torn: some of its pages reached the disk, others did not
                        long from = write.position();
                        long end = from + write.bytes().length;
                        while (from < end) {
                            long pageEnd = Math.min(end, (from / PAGE + 1) * PAGE);
                            if (random.nextBoolean()) {
                                apply(from, Arrays.copyOfRange(write.bytes(), (int) (from - write.position()), (int)
                                        (pageEnd - write.position())));
                            }
                            from = pageEnd;
                        }
                    }
                }
            }
            sync();
            return true;
        }
    }

    /** A channel of one run of the process: dead once the disk crashed or lost power. */
    private static final class SimChannel extends FileBaseDefault {
        private final SimulatedDisk disk;
        private final String name;
        private final SimFile file;
        private final int generation;

        SimChannel(SimulatedDisk disk, String name, SimFile file, int generation) {
            this.disk = disk;
            this.name = name;
            this.file = file;
            this.generation = generation;
        }

        private void alive() throws IOException {
            if (disk.generation != generation || !isOpen()) {
                throw new ClosedChannelException();
            }
        }

        @Override
        public int read(ByteBuffer target, long position) throws IOException {
            alive();
            return file.read(target, position);
        }

        @Override
        public int write(ByteBuffer source, long position) throws IOException {
            alive();
            disk.faults.write(name, position, source.remaining());
            int written;
            synchronized (disk) {
                alive();
                written = file.write(source, position);
            }
            disk.faults.written(name);
            return written;
        }

        @Override
        protected void implTruncate(long size) throws IOException {
            alive();
            synchronized (disk) {
                alive();
                file.truncate(size);
            }
        }

        @Override
        public long size() throws IOException {
            alive();
            synchronized (file) {
                return file.length;
            }
        }

        @Override
        public void force(boolean metaData) throws IOException {
            alive();
            disk.faults.sync(name);
            synchronized (disk) {
                alive();
                file.sync();
            }
        }

        /** Locked by one live channel at a time: a second server on the same files fails to open them, as on a disk. */
        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            synchronized (file) {
                SimChannel holder = file.lockedBy;
                if (holder != null && holder != this && holder.isOpen() && holder.generation == disk.generation) {
                    return null;
                }
                file.lockedBy = this;
                file.lockedAt =
                        new Throwable("locked by " + Thread.currentThread().getName() + " in generation " + generation
                                + " (the disk's generation was " + disk.generation + ")");
            }
            return new FileLock(FakeFileChannel.INSTANCE, position, size, shared) {
                @Override
                public boolean isValid() {
                    return true;
                }

                @Override
                public void release() {
                    synchronized (file) {
                        if (file.lockedBy == SimChannel.this) {
                            file.lockedBy = null;
                        }
                    }
                }
            };
        }

        @Override
        public String toString() {
            return SCHEME + ":" + name;
        }
    }

    /** H2's view of a simulated disk: {@code simfs:<disk>/<file>}. */
    static final class SimPath extends FilePath {

        SimPath(String name) {
            this.name = name;
        }

        private SimulatedDisk disk() {
            String rest = name.substring(SCHEME.length() + 1);
            int slash = rest.indexOf('/');
            return DISKS.get(slash < 0 ? rest : rest.substring(0, slash));
        }

        private String file() {
            int slash = name.indexOf('/', SCHEME.length() + 1);
            return slash < 0 ? null : name.substring(slash + 1);
        }

        @Override
        public String getScheme() {
            return SCHEME;
        }

        @Override
        public FilePath getPath(String path) {
            return new SimPath(path);
        }

        @Override
        public long size() {
            SimFile file = disk().files.get(file());
            return file == null ? 0 : file.length;
        }

        @Override
        public boolean exists() {
            SimulatedDisk disk = disk();
            return disk != null && (file() == null || disk.files.containsKey(file()));
        }

        @Override
        public boolean createFile() {
            return disk().files.putIfAbsent(file(), new SimFile()) == null;
        }

        @Override
        public void delete() {
            disk().files.remove(file());
        }

        @Override
        public FileChannel open(String mode) {
            SimulatedDisk disk = disk();
            return disk.open(file(), disk.generation);
        }

        @Override
        public boolean isDirectory() {
            return file() == null;
        }

        @Override
        public boolean isRegularFile() {
            return file() != null && exists();
        }

        @Override
        public FilePath getParent() {
            return file() == null ? null : new SimPath(SCHEME + ":" + disk().id);
        }

        @Override
        public boolean isAbsolute() {
            return true;
        }

        @Override
        public FilePath toRealPath() {
            return this;
        }

        @Override
        public long lastModified() {
            return 0;
        }

        @Override
        public boolean canWrite() {
            return true;
        }

        @Override
        public void createDirectory() {}

        @Override
        public List<FilePath> newDirectoryStream() {
            List<FilePath> list = new ArrayList<>();
            disk().files.keySet().forEach(f -> list.add(new SimPath(SCHEME + ":" + disk().id + "/" + f)));
            return list;
        }

        @Override
        public void moveTo(FilePath newName, boolean atomicReplace) {
            throw new UnsupportedOperationException("rename on the simulated disk");
        }

        @Override
        public boolean setReadOnly() {
            return false;
        }

        @Override
        public InputStream newInputStream() throws IOException {
            return super.newInputStream();
        }

        @Override
        public OutputStream newOutputStream(boolean append) throws IOException {
            return super.newOutputStream(append);
        }
    }
}
