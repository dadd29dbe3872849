package org.publicfunds.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.audit.ChainVerifier;
import org.publicfunds.ledger.embedded.EmbeddedMongoServer;
import org.publicfunds.ledger.simulation.FaultyMongo;

/**
 * The engine over a real store whose writes fail after they were applied, or with an Error:
 * never a success without storage, never a second copy, never a write after a hole.
 */
class StoreFaultsTest {

    record Noted(String text) {}

    final Serializer serializer = LedgerJackson.serializer();
    EmbeddedMongoServer server;
    MongoClient client;
    MongoDatabase database;
    /** The fault to inject into the next insertMany of the events, then cleared. */
    final AtomicReference<String> nextFault = new AtomicReference<>();

    @BeforeEach
    void start() {
        server = EmbeddedMongoServer.start(null, 0);
        client = MongoClients.create(server.connectionString());
        database = client.getDatabase("ledger");
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    MongoEventStorageEngine engine() {
        MongoDatabase faulty = FaultyMongo.database(database, new FaultyMongo.Faults() {
            @Override
            public void before(String collection, String method) {
                if (collection.equals("events") && "refuse".equals(nextFault.get())) {
                    nextFault.set(null);
                    throw FaultyMongo.refused();
                }
            }

            @Override
            public void after(String collection, String method) {
                if (!collection.equals("events") || !method.equals("insertMany")) {
                    return;
                }
                String fault = nextFault.getAndSet(null);
                if (fault == null || fault.equals("refuse")) {
                    return;
                }
                switch (fault) {
                    case "socket" -> throw FaultyMongo.socketError();
                    case "write-concern" -> throw FaultyMongo.writeConcernError(method);
                    case "error" -> throw new StackOverflowError("injected");
                    default -> throw new IllegalArgumentException(fault);
                }
            }
        });
        return MongoEventStorageEngine.builder()
                .database(faulty)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();
    }

    static GenericDomainEventMessage<Noted> event(String aggregate, long sequence, String requestKey) {
        MetaData metaData = requestKey == null
                ? MetaData.emptyInstance()
                : MetaData.from(Map.of(RequestKeys.METADATA, List.of(requestKey), RequestKeys.FINGERPRINT, "f"));
        return new GenericDomainEventMessage<>("Thing", aggregate, sequence, new Noted(aggregate + sequence), metaData);
    }

    long stored() {
        return database.getCollection("events").countDocuments();
    }

    /** F2: the write was applied and the answer lost (socket, or only a write-concern error): the append succeeds, once. */
    @Test
    void aWriteAppliedWhoseAnswerWasLostCountsAsStoredOnce() {
        MongoEventStorageEngine engine = engine();
        engine.appendEvents(event("a", 0, null));
        for (String fault : List.of("socket", "write-concern")) {
            long before = stored();
            nextFault.set(fault);
            engine.appendEvents(event("a", before, "@request:" + fault));
            assertThat(stored()).as(fault).isEqualTo(before + 1);
            assertThat(engine.eventLog().findRequest(List.of("@request:" + fault)))
                    .as(fault)
                    .isPresent();
        }
        assertThat(new ChainVerifier(engine.eventLog()).verify(p -> {}).isOk()).isTrue();
        // the writer re-read the end after each failure: the next append lands right after
        engine.appendEvents(event("a", stored(), null));
        assertThat(engine.readEvents(null, false).count()).isEqualTo(stored());
    }

    /** A write refused before it reached the server is not stored, and nothing is answered as stored. */
    @Test
    void aRefusedWriteIsNeverAnsweredAsStored() {
        MongoEventStorageEngine engine = engine();
        nextFault.set("refuse");
        assertThatThrownBy(() -> engine.appendEvents(event("a", 0, "@request:refused")))
                .isInstanceOf(OutcomeUnknown.class);
        assertThat(stored()).isZero();
        // the same request sent again is stored, once
        engine.appendEvents(event("a", 0, "@request:refused"));
        assertThat(stored()).isEqualTo(1);
    }

    /** A second commit carrying a stored request's key is refused and points to the first. */
    @Test
    void aRequestIsStoredOnceAndItsRetryFindsTheFirst() {
        MongoEventStorageEngine engine = engine();
        engine.appendEvents(event("a", 0, "@request:once"));
        assertThatThrownBy(() -> engine.appendEvents(event("a", 1, "@request:once")))
                .isInstanceOfSatisfying(
                        RequestAlreadyStored.class,
                        e -> assertThat(e.stored().position()).isEqualTo(1));
        assertThat(stored()).isEqualTo(1);
    }

    /**
     * F3: an Error in the thread that writes a group: every caller of that group fails, none
     * reports positions, and the store has no hole.
     */
    @Test
    void anErrorInTheGroupWriterFailsEveryCallerOfTheGroup() throws Exception {
        MongoEventStorageEngine engine = engine();
        engine.appendEvents(event("warm", 0, null));
        int writers = 6;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < 20; round++) {
                CountDownLatch go = new CountDownLatch(1);
                nextFault.set("error");
                List<Future<Long>> results = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    String aggregate = "r" + round + "w" + w;
                    results.add(pool.submit(() -> {
                        go.await();
                        engine.appendEvents(event(aggregate, 0, "@request:" + aggregate));
                        return 1L;
                    }));
                }
                go.countDown();
                for (int w = 0; w < writers; w++) {
                    String aggregate = "r" + round + "w" + w;
                    boolean succeeded;
                    try {
                        results.get(w).get(30, TimeUnit.SECONDS);
                        succeeded = true;
                    } catch (ExecutionException e) {
                        succeeded = false;
                        assertThat(e.getCause()).isInstanceOfAny(OutcomeUnknown.class, StackOverflowError.class);
                    }
                    boolean present =
                            engine.readEvents(aggregate, 0).asStream().findAny().isPresent();
                    if (succeeded) {
                        assertThat(present)
                                .as("a success is stored: " + aggregate)
                                .isTrue();
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<Long> positions = engine.readEvents(null, false)
                .map(e ->
                        ((TrackedEventMessage<?>) e).trackingToken().position().orElseThrow())
                .toList();
        for (int i = 0; i < positions.size(); i++) {
            assertThat(positions.get(i)).isEqualTo(i + 1L);
        }
        assertThat(positions).hasSize((int) stored());
        assertThat(new ChainVerifier(engine.eventLog()).verify(p -> {}).isOk()).isTrue();
    }

    /** O2: a head hint above the true end (a restore without it, a deleted tail) is not trusted. */
    @Test
    void aHeadHintAboveTheTrueEndIsNotTrusted() {
        MongoEventStorageEngine engine = engine();
        for (int i = 0; i < 10; i++) {
            engine.appendEvents(event("a", i, null));
        }
        engine.flushHint();
        database.getCollection("events_head").updateOne(Filters.eq("_id", "head"), Updates.set("next", 500L));
        MongoEventStorageEngine restarted = engine();
        assertThat(restarted.eventLog().headPosition()).isEqualTo(10);
        restarted.appendEvents(event("a", 10, null));
        assertThat(database.getCollection("events").find(Filters.eq("_id", 11L)).first())
                .isNotNull();
        assertThat(new ChainVerifier(restarted.eventLog()).verify(p -> {}).isOk())
                .isTrue();
    }

    /** A writer waiting in the queue that is interrupted is either not written at all, or told its outcome. */
    @Test
    void aWriterInterruptedInTheQueueIsNotWrittenBehindItsBack() throws Exception {
        MongoEventStorageEngine engine = engine();
        List<String> notStored = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < 300; w++) {
                String aggregate = "q" + w;
                futures.add(pool.submit(() -> {
                    try {
                        engine.appendEvents(event(aggregate, 0, null));
                    } catch (NotStored e) {
                        notStored.add(aggregate);
                    }
                }));
            }
            for (int w = 0; w < futures.size(); w += 3) {
                futures.get(w).cancel(true);
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        for (String aggregate : notStored) {
            assertThat(engine.readEvents(aggregate, 0).asStream().findAny())
                    .as(aggregate)
                    .isEmpty();
        }
        assertThat(new ChainVerifier(engine.eventLog()).verify(p -> {}).isOk()).isTrue();
    }
}
