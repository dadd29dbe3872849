package org.publicfunds.ledger.eventstore;

import com.mongodb.client.MongoDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's clock against the store's (trust review 2, O3). Claims on processing segments are
 * stamped with each instance's clock, and another instance takes a claim once it looks older than
 * the timeout by its own clock: two hosts whose clocks differ by several seconds can both believe
 * they hold a segment. Every instance compares its clock with the store's ({@code localTime} of
 * {@code isMaster}, the one clock they share) every {@link #EVERY}; while the difference is over
 * {@link #MAX_SKEW} (plus half the round trip), or unknown for longer than {@link #STALE}, balance
 * queries are not answered from memory, and the gauge {@code ledger.clock.skew} shows it.
 */
public final class StoreClock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreClock.class);

    public static final Duration MAX_SKEW = Duration.ofSeconds(1);
    static final Duration EVERY = Duration.ofSeconds(5);
    static final Duration STALE = Duration.ofSeconds(30);

    private final MongoDatabase database;
    private final Clock clock;
    private final ScheduledExecutorService checking = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "store-clock");
        thread.setDaemon(true);
        return thread;
    });
    private volatile long skewMillis;
    private volatile boolean agrees;
    private volatile long checkedAtNanos;

    public StoreClock(MongoDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Checks now and then every {@link #EVERY}. */
    public StoreClock start() {
        checking.scheduleWithFixedDelay(this::checkQuietly, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            log.debug("could not read the store's clock", e);
        }
    }

    /** Reads the store's clock once; whether this host's agrees with it. */
    public boolean check() {
        long sent = clock.millis();
        long started = System.nanoTime();
        // isMaster, which MongoDB still answers beside hello, and the embedded server answers alone
        Document hello = database.runCommand(new Document("isMaster", 1));
        long roundTripMillis = (System.nanoTime() - started) / 1_000_000;
        long received = clock.millis();
        Date store = hello.getDate("localTime");
        if (store == null) {
            throw new IllegalStateException("the store's isMaster answer has no localTime");
        }
        long skew = (sent + received) / 2 - store.getTime();
        boolean now = Math.abs(skew) <= MAX_SKEW.toMillis() + roundTripMillis / 2 + 1;
        if (now != agrees || checkedAtNanos == 0) {
            if (now) {
                log.info("this host's clock agrees with the store's (off by {} ms)", skew);
            } else {
                log.error(
                        "this host's clock is {} ms off the store's: claims on processing segments cannot be trusted "
                                + "to the second, so balances are read from the store until the clocks agree again",
                        skew);
            }
        }
        skewMillis = skew;
        agrees = now;
        checkedAtNanos = System.nanoTime();
        return now;
    }

    /** Whether this host's clock agreed with the store's at a check less than {@link #STALE} ago. */
    public boolean agrees() {
        return agrees && checkedAtNanos != 0 && System.nanoTime() - checkedAtNanos < STALE.toNanos();
    }

    /** This host's clock minus the store's at the last check, in ms. */
    public long skewMillis() {
        return skewMillis;
    }

    @Override
    public void close() {
        checking.shutdownNow();
    }
}
