package org.publicfunds.ledger.simulation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.publicfunds.ledger.embedded.EmbeddedMongoServer;
import org.publicfunds.ledger.embedded.StoreFiles;

/**
 * One seed's world: a simulated disk, the embedded server on it, ledger node {@code a} and, in
 * some worlds, node {@code b} on the same server (another instance, as a second service would
 * connect to the first one's store). Faults come from here: the driver's writes fail before or
 * after they are applied, the group writer meets an Error, the disk refuses a write or a sync,
 * and the process crashes (or the power goes) between any two writes. Every decision is a pure
 * function of the seed, the node, the stream of writes and the write's number in it, so a
 * stream of writes meets the same faults in every run of the seed; thread timing (the
 * processors', concurrent clients') is the only thing a rerun does not repeat.
 */
final class World implements AutoCloseable {

    /** What a crash armed on a request's own thread does: which of its writes, before or after. */
    record Armed(int write, boolean before, boolean power) {}

    static final ThreadLocal<Armed> ARMED = new ThreadLocal<>();
    private static final ThreadLocal<int[]> WRITES_ON_THREAD = ThreadLocal.withInitial(() -> new int[1]);

    final long seed;
    final boolean fsync;
    final boolean twoNodes;
    final double faultRate;
    final Duration checkpointEvery;
    final SimulatedDisk disk = new SimulatedDisk();
    final SimClock clock = new SimClock();
    final Map<String, AtomicInteger> faults = new ConcurrentHashMap<>();
    final Map<String, AtomicLong> timings = new ConcurrentHashMap<>();

    void time(String what, long startedNanos) {
        timings.computeIfAbsent(what, k -> new AtomicLong()).addAndGet((System.nanoTime() - startedNanos) / 1_000_000);
    }

    private final Map<String, AtomicLong> streams = new ConcurrentHashMap<>();
    private final Random random;
    private volatile boolean quiet;
    private volatile boolean crashed;
    private volatile boolean powerCut;
    private Thread halting;
    EmbeddedMongoServer server;
    private int port;
    LedgerNode a;
    LedgerNode b;

    World(long seed, Random random, boolean fsync, boolean twoNodes, double faultRate) {
        this.seed = seed;
        this.random = random;
        this.fsync = fsync;
        this.twoNodes = twoNodes;
        this.faultRate = faultRate;
        this.checkpointEvery = Duration.ofMillis(50 + random.nextInt(400));
        disk.faults(diskFaults());
    }

    void count(String kind) {
        faults.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
    }

    Map<String, Integer> faultCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        faults.forEach((kind, n) -> counts.put(kind, n.get()));
        return counts;
    }

    /** No more faults: the world is being checked. */
    void quiet() {
        quiet = true;
    }

    /** Starts the server and the nodes; a fault while starting is a crash, and the start is tried again. */
    void startOrRecover() {
        try {
            start();
        } catch (Exception e) {
            count("failed-start");
            // each cause, for the report of a seed whose store never starts again (soak run 4, seed 17519)
            System.out.println("failed start " + (failedStarts + 1) + " (crashed before: " + crashed + "): " + e);
            // who holds the store's lock, when that is why the start failed (otherwise it is the live server's own)
            if (String.valueOf(e.getMessage()).contains("locked")) {
                System.out.println("live locks: " + disk.liveLocks());
            }
            if (++failedStarts > 20) {
                throw new IllegalStateException("the store does not start again after 20 attempts", e);
            }
            crash(false);
        }
        restartIfNeeded();
    }

    private int failedStarts;

    private void start() {
        long started = System.nanoTime();
        try {
            startNodes();
        } finally {
            time("start", started);
        }
    }

    private void startNodes() {
        server = startServer();
        a = LedgerNode.start(
                "a", server.connectionString(), driverFaults("a"), clock, twoNodes ? 1 : 2, Duration.ofMillis(5));
        if (twoNodes && b == null) {
            b = LedgerNode.start("b", server.connectionString(), driverFaults("b"), clock, 1, Duration.ofMillis(5));
        }
    }

    private EmbeddedMongoServer startServer() {
        for (int attempt = 0; attempt < 10; attempt++) {
            try {
                EmbeddedMongoServer started =
                        EmbeddedMongoServer.start(new EmbeddedMongoServer.Options(disk, port, fsync, checkpointEvery));
                port = started.port();
                return started;
            } catch (Exception e) {
                // the port of the previous run may not be free yet (Netty throws the BindException unchecked)
                sleep(100);
            }
        }
        // taken for good (by another socket): another port, and node b, which knew the old one, starts again
        if (b != null) {
            b.close();
            b = null;
        }
        port = 0;
        EmbeddedMongoServer started =
                EmbeddedMongoServer.start(new EmbeddedMongoServer.Options(disk, 0, fsync, checkpointEvery));
        port = started.port();
        return started;
    }

    /** The store stopped after a failed write to its files, or the process crashed: start again, as a supervisor would. */
    boolean needsRestart() {
        return crashed || server.stoppedBecause() != null;
    }

    void restartIfNeeded() {
        if (!needsRestart()) {
            return;
        }
        long started = System.nanoTime();
        if (!crashed) {
            count("store-stopped-after-disk-failure");
            crash(false);
        }
        if (halting != null) {
            join(halting);
        }
        // a server started after the crash was decided (a start that was under way) goes the same way
        server.halt();
        if (a != null) {
            a.close();
        }
        if (b != null && powerCut) {
            b.close();
            b = null;
        }
        time("teardown", started);
        // a restart takes a while: time passes for leases and claims
        clock.advance(Duration.ofSeconds(random.nextInt(40)));
        // the dead process is reaped before the supervisor starts a new one: whatever its threads still opened
        // after the crash was decided (a start under way goes on running in this JVM) is let go, as the OS would
        disk.crash();
        crashed = false;
        powerCut = false;
        startOrRecover();
    }

    /** The host's process dies here (or the whole machine loses power): nothing more of it reaches the disk. */
    synchronized void crash(boolean power) {
        if (crashed) {
            return;
        }
        crashed = true;
        powerCut = power;
        if (power) {
            disk.powerCut(new Random(seed ^ faults.hashCode()));
        } else {
            disk.crash();
        }
        tearTheLog();
        EmbeddedMongoServer dying = server;
        // halted on a thread of its own: the crash may be decided on one of the server's own threads
        halting = new Thread(dying::halt, "simulated-crash");
        halting.start();
    }

    /** A crash in the middle of an append leaves part of a record behind; sometimes a bit of it is wrong too. */
    private void tearTheLog() {
        SplittableRandom r = decide("tear", "log", 0);
        double u = r.nextDouble();
        if (u < 0.25) {
            byte[] tail = disk.tail(StoreFiles.LOG_FILE, 200);
            ByteBuffer torn = ByteBuffer.allocate(8 + r.nextInt(1, 40)).order(ByteOrder.LITTLE_ENDIAN);
            torn.putInt(0x4C41574C).putInt(tail.length + 50);
            while (torn.hasRemaining()) {
                torn.put((byte) r.nextInt(256));
            }
            disk.appendTorn(StoreFiles.LOG_FILE, torn.array());
            count("torn-log-tail");
        } else if (u < 0.4) {
            byte[] tail = disk.tail(StoreFiles.LOG_FILE, 120);
            if (tail.length > 0) {
                tail[r.nextInt(tail.length)] ^= (byte) (1 << r.nextInt(8));
                disk.appendTorn(StoreFiles.LOG_FILE, tail);
                count("bit-flipped-log-tail");
            }
        }
    }

    /** The decision for the {@code n}-th event of a stream: the same in every run of the seed. */
    private SplittableRandom decide(String node, String stream, long n) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h ^= (node + "/" + stream).hashCode() * 0xC2B2AE3D27D4EB4FL;
        h ^= n * 0x165667B19E3779F9L;
        return new SplittableRandom(h);
    }

    private long next(String node, String stream) {
        return streams.computeIfAbsent(node + "/" + stream, k -> new AtomicLong())
                .incrementAndGet();
    }

    private FaultyMongo.Faults driverFaults(String node) {
        return new FaultyMongo.Faults() {
            @Override
            public void before(String collection, String method) {
                if (quiet || crashed) {
                    return;
                }
                int onThread = ++WRITES_ON_THREAD.get()[0];
                Armed armed = ARMED.get();
                if (armed != null && armed.before() && armed.write() == onThread) {
                    ARMED.remove();
                    count(armed.power() ? "power-cut" : "crash-before-a-write");
                    crash(armed.power());
                    throw FaultyMongo.socketError();
                }
                SplittableRandom r = decide(
                        node, collection + "." + method + ".before", next(node, collection + "." + method + ".before"));
                double u = r.nextDouble();
                if (u < faultRate * weight(collection) * 0.5) {
                    count("write-refused");
                    count("on " + collection);
                    if (Boolean.getBoolean("simulation.debug")) {
                        System.out.println("REFUSED " + node + " " + collection + "." + method + " on "
                                + Thread.currentThread().getName());
                    }
                    throw FaultyMongo.refused();
                }
                if (!collection.equals("events") && u > 1 - faultRate * 0.03) {
                    // the processors' and records' writes are crash points too (tokens, views, idempotency records)
                    boolean power = fsync && r.nextInt(3) == 0;
                    count(power ? "power-cut" : "crash-before-a-write");
                    crash(power);
                    throw FaultyMongo.socketError();
                }
            }

            @Override
            public void after(String collection, String method) {
                if (quiet || crashed) {
                    return;
                }
                int onThread = WRITES_ON_THREAD.get()[0];
                Armed armed = ARMED.get();
                if (armed != null && !armed.before() && armed.write() == onThread) {
                    ARMED.remove();
                    count(armed.power() ? "power-cut" : "crash-after-a-write");
                    crash(armed.power());
                    throw FaultyMongo.socketError();
                }
                SplittableRandom r = decide(
                        node, collection + "." + method + ".after", next(node, collection + "." + method + ".after"));
                double u = r.nextDouble();
                if (u < faultRate * weight(collection)) {
                    count("on " + collection);
                    double kind = r.nextDouble();
                    if (collection.equals("events") && method.equals("insertMany") && kind < 0.1) {
                        count("error-in-group-writer");
                        throw new StackOverflowError("injected into the group writer");
                    } else if (kind < 0.45) {
                        count("applied-then-socket-error");
                        throw FaultyMongo.socketError();
                    } else if (kind < 0.65) {
                        count("applied-then-timeout");
                        throw FaultyMongo.timeout();
                    } else {
                        count("applied-then-write-concern-error");
                        throw FaultyMongo.writeConcernError(method);
                    }
                }
                if (!collection.equals("events") && u > 1 - faultRate * 0.03) {
                    boolean power = fsync && r.nextInt(3) == 0;
                    count(power ? "power-cut" : "crash-after-a-write");
                    crash(power);
                    throw FaultyMongo.socketError();
                }
            }
        };
    }

    /**
     * How often a collection's writes fail, relative to the seed's rate. The processor writes its
     * token on every batch, and backs off for a second and more after each failure: failing them
     * as often as the rest would keep it asleep, and its views would never be written, nor fail.
     */
    private static double weight(String collection) {
        if (collection.equals("trackingtokens")) {
            return 0.1;
        }
        if (collection.startsWith("balance_views")) {
            return 2.0;
        }
        return 1.0;
    }

    /** Starts counting a request's own writes on this thread (for crashes armed on it). */
    static void beginRequest(Armed armed) {
        WRITES_ON_THREAD.get()[0] = 0;
        if (armed == null) {
            ARMED.remove();
        } else {
            ARMED.set(armed);
        }
    }

    static void endRequest() {
        ARMED.remove();
    }

    private SimulatedDisk.Faults diskFaults() {
        return new SimulatedDisk.Faults() {
            @Override
            public void write(String file, long position, int length) throws IOException {
                if (quiet || crashed) {
                    return;
                }
                double u = decide("disk", file + ".write", next("disk", file + ".write"))
                        .nextDouble();
                if (file.equals(StoreFiles.LOG_FILE) && u < faultRate * 0.02) {
                    count("log-append-failed");
                    throw new IOException("injected: No space left on device");
                }
                if (file.equals(StoreFiles.STORE_FILE) && u < faultRate * 0.02) {
                    count("checkpoint-write-failed");
                    throw new IOException("injected: Input/output error");
                }
            }

            @Override
            public void sync(String file) throws IOException {
                if (quiet || crashed) {
                    return;
                }
                if (holdLogForces && file.equals(StoreFiles.LOG_FILE)) {
                    logForceHeld.countDown();
                    try {
                        // bounded: a step that forgot to release must not hang the run
                        logForceRelease.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (crashed) {
                        throw new IOException("the power went while the log was being forced");
                    }
                }
                double u = decide("disk", file + ".sync", next("disk", file + ".sync"))
                        .nextDouble();
                if (file.equals(StoreFiles.STORE_FILE) && u < faultRate * 0.2) {
                    count("checkpoint-sync-failed");
                    throw new IOException("injected: the sync failed");
                }
                if (file.equals(StoreFiles.LOG_FILE) && u < faultRate * 0.01) {
                    count("log-sync-failed");
                    throw new IOException("injected: the sync failed");
                }
            }

            @Override
            public void written(String file) {
                if (quiet || crashed || !file.equals(StoreFiles.LOG_FILE)) {
                    return;
                }
                SplittableRandom r = decide("disk", "log.written", next("disk", "log.written"));
                if (r.nextDouble() < faultRate * 0.03) {
                    boolean power = fsync && r.nextBoolean();
                    count(power ? "power-cut-after-a-log-append" : "crash-after-a-log-append");
                    crash(power);
                }
            }
        };
    }

    /** While set, every log force waits at {@link #logForceRelease} (a force held open, with its writes applied). */
    private volatile boolean holdLogForces;

    private volatile java.util.concurrent.CountDownLatch logForceHeld = new java.util.concurrent.CountDownLatch(1);
    private volatile java.util.concurrent.CountDownLatch logForceRelease = new java.util.concurrent.CountDownLatch(1);

    /** From now on every force of the log waits, its writes applied and visible, until {@link #releaseLogForces}. */
    void holdLogForces() {
        logForceHeld = new java.util.concurrent.CountDownLatch(1);
        logForceRelease = new java.util.concurrent.CountDownLatch(1);
        holdLogForces = true;
    }

    /** Whether a force of the log is being held, waiting up to {@code ms} for one to start. */
    boolean logForceHeld(long ms) {
        try {
            return logForceHeld.await(ms, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void releaseLogForces() {
        holdLogForces = false;
        logForceRelease.countDown();
    }

    @Override
    public void close() {
        releaseLogForces();
        if (halting != null) {
            join(halting);
        }
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (server != null) {
            if (crashed) {
                server.halt();
            } else {
                server.close();
            }
        }
        disk.discard();
    }

    private static void join(Thread thread) {
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Real time plus what the simulation let pass (restarts take a while). */
    static final class SimClock extends Clock {
        private final AtomicLong offsetMs = new AtomicLong();

        void advance(Duration duration) {
            offsetMs.addAndGet(duration.toMillis());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plusMillis(offsetMs.get());
        }
    }
}
