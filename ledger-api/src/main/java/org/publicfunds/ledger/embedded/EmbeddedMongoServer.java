package org.publicfunds.ledger.embedded;

import de.bwaldvogel.mongo.MongoServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MongoDB-wire server (mongo-java-server with its H2 file backend), bound to
 * loopback only, that acknowledges a write only once it is on disk (see {@link DurableH2Backend}).
 * Several worker threads take connections, so clients waiting for the disk share one force of the
 * log; one lock inside the backend still runs commands one at a time.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoServer.class);
    private static final int WORKER_THREADS = 8;

    /**
     * @param files  where the files are; null keeps everything in memory (tests)
     * @param port   loopback port; 0 picks a free one
     * @param fsync  force the log to the disk before acknowledging (survives a power cut, not only a killed process)
     * @param checkpointEvery how often the file store commits and the log is emptied
     */
    public record Options(StoreFiles files, int port, boolean fsync, Duration checkpointEvery) {

        public static Options in(Path dataDir) {
            return new Options(dataDir == null ? null : StoreFiles.in(dataDir), 0, true, Duration.ofSeconds(1));
        }

        public Options port(int port) {
            return new Options(files, port, fsync, checkpointEvery);
        }

        public Options fsync(boolean fsync) {
            return new Options(files, port, fsync, checkpointEvery);
        }

        public Options checkpointEvery(Duration every) {
            return new Options(files, port, fsync, every);
        }
    }

    private final DurableH2Backend backend;
    private final MongoServer server;
    private final InetSocketAddress address;
    private final ScheduledExecutorService checkpoints;

    private EmbeddedMongoServer(
            DurableH2Backend backend,
            MongoServer server,
            InetSocketAddress address,
            ScheduledExecutorService checkpoints) {
        this.backend = backend;
        this.server = server;
        this.address = address;
        this.checkpoints = checkpoints;
    }

    /** Starts on 127.0.0.1, durable (fsync on), in {@code dataDir}; null keeps everything in memory. */
    public static EmbeddedMongoServer start(Path dataDir, int port) {
        return start(Options.in(dataDir).port(port));
    }

    /**
     * Opens the file store at its last checkpoint, applies again what the log holds after it,
     * checkpoints, and only then takes connections.
     */
    public static EmbeddedMongoServer start(Options options) {
        StoreFiles files = options.files();
        DurableH2Backend backend =
                files == null ? new DurableH2Backend(MVStore.open(null), null, false) : recovered(files, options);
        ScheduledExecutorService checkpoints = null;
        MongoServer server = null;
        try {
            if (files != null) {
                checkpoints = checkpointEvery(backend, options.checkpointEvery());
            }
            server = new MongoServer(backend);
            server.bind(new InetSocketAddress("127.0.0.1", options.port()), 1, WORKER_THREADS);
            InetSocketAddress address = server.getLocalAddress();
            log.info(
                    "embedded MongoDB-wire server on {} storing in {}{}",
                    address,
                    files == null ? "memory" : files.describe(),
                    files != null && !options.fsync() ? " (fsync off)" : "");
            return new EmbeddedMongoServer(backend, server, address, checkpoints);
        } catch (Throwable e) {
            // a start that fails (its port is taken: Netty throws the BindException unchecked) lets go of the
            // files without a commit, or no later start could open them
            if (checkpoints != null) {
                checkpoints.shutdownNow();
            }
            backend.halt();
            if (server != null) {
                try {
                    server.shutdownNow();
                } catch (RuntimeException ignored) {
                    // its threads are what is left to stop; the files are closed already
                }
            }
            throw e;
        }
    }

    /**
     * The file store opened at its last checkpoint with what the log holds after it applied again;
     * closed again, without a commit, if that fails.
     */
    private static DurableH2Backend recovered(StoreFiles files, Options options) {
        WriteAheadLog wal;
        try {
            // opened first: it creates the directory the file store goes into
            wal = new WriteAheadLog(files.openLog(), options.fsync());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the write-ahead log in " + files.describe(), e);
        }
        MVStore store;
        try {
            store = new MVStore.Builder()
                    .fileName(files.storeFile())
                    // neither on a timer nor when unsaved changes pile up (autoCommitDisabled alone keeps the latter)
                    .autoCommitDisabled()
                    .autoCommitBufferSize(0)
                    .open();
        } catch (RuntimeException e) {
            wal.close();
            throw e;
        }
        DurableH2Backend backend;
        try {
            backend = new DurableH2Backend(store, wal, options.fsync());
        } catch (RuntimeException | Error e) {
            // opening its maps reads the file: a failure there must not leave the file locked for the next start
            store.closeImmediately();
            wal.close();
            throw e;
        }
        try {
            int restored = backend.recover();
            files.syncDirectory();
            if (restored > 0) {
                log.info("write-ahead log: {} logged writes applied again after an unclean stop", restored);
            }
            return backend;
        } catch (IOException e) {
            backend.halt();
            throw new UncheckedIOException("cannot sync the data directory " + files.describe(), e);
        } catch (RuntimeException | Error e) {
            backend.halt();
            throw e;
        }
    }

    private static ScheduledExecutorService checkpointEvery(DurableH2Backend backend, Duration every) {
        ScheduledExecutorService checkpoints = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "embedded-store-checkpoint");
            thread.setDaemon(true);
            return thread;
        });
        long everyMs = every.toMillis();
        checkpoints.scheduleWithFixedDelay(
                () -> {
                    try {
                        backend.checkpoint();
                    } catch (Throwable e) {
                        // a scheduled task that throws is never run again: the checkpoint reports its own failures
                        log.error("checkpoint task failed", e);
                    }
                },
                everyMs,
                everyMs,
                TimeUnit.MILLISECONDS);
        return checkpoints;
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    public int port() {
        return address.getPort();
    }

    /** Why the store stopped taking commands (a failed write to its files), or null while it runs. */
    public String stoppedBecause() {
        return backend.stoppedBecause();
    }

    /** Checkpoints that failed since the start; the log is kept until one succeeds. */
    public long checkpointFailures() {
        return backend.checkpointFailures();
    }

    public String lastCheckpointFailure() {
        return backend.lastCheckpointFailure();
    }

    /** A checkpoint now (tests; normally every second). */
    public void checkpoint() {
        backend.checkpoint();
    }

    /** Stops as a killed process would: connections dropped, nothing more written or committed. */
    public void halt() {
        if (checkpoints != null) {
            checkpoints.shutdownNow();
        }
        backend.halt();
        server.shutdownNow();
    }

    @Override
    public void close() {
        if (checkpoints != null) {
            checkpoints.shutdownNow();
            try {
                checkpoints.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        server.shutdownNow();
    }
}
