package org.publicfunds.ledger.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import com.mongodb.event.CommandSucceededEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.embedded.EmbeddedMongoServer;

class MongoEventStorageEngineTest {

    /** A stand-in event payload. */
    record Noted(String text, int number) {}

    final Serializer serializer = JacksonSerializer.builder()
            .objectMapper(LedgerJackson.objectMapper())
            .build();
    final List<MongoClient> clients = new ArrayList<>();
    EmbeddedMongoServer server;
    MongoEventStorageEngine engine;

    @BeforeEach
    void start() {
        server = EmbeddedMongoServer.start(null, 0);
        engine = engine(database(MongoClientSettings.builder()));
    }

    @AfterEach
    void stop() {
        clients.forEach(MongoClient::close);
        server.close();
    }

    MongoDatabase database(MongoClientSettings.Builder settings) {
        MongoClient client =
                MongoClients.create(settings.applyConnectionString(new ConnectionString(server.connectionString()))
                        .build());
        clients.add(client);
        return client.getDatabase("ledger");
    }

    MongoEventStorageEngine engine(MongoDatabase database) {
        return MongoEventStorageEngine.builder()
                .database(database)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();
    }

    static DomainEventMessage<Noted> event(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>(
                "Thing", aggregate, sequence, new Noted(aggregate + "#" + sequence, (int) sequence));
    }

    static List<DomainEventMessage<?>> events(String aggregate, long from, int count) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (long s = from; s < from + count; s++) {
            events.add(event(aggregate, s));
        }
        return events;
    }

    List<TrackedEventMessage<?>> readAll(TrackingToken from) {
        return engine.readEvents(from, false)
                .<TrackedEventMessage<?>>map(e -> e)
                .toList();
    }

    static long position(TrackedEventMessage<?> event) {
        return event.trackingToken().position().orElseThrow();
    }

    @Test
    void readsOneAggregatesEventsBackInOrderAcrossCommitsOfAnySize() {
        long total = 0;
        while (total < 250) {
            int size = total % 7 == 0 ? 3 : 1;
            engine.appendEvents(events("a", total, size));
            total += size;
        }
        engine.appendEvents(events("b", 0, 5));

        DomainEventStream stream = engine.readEvents("a", 0);
        List<Long> sequences = new ArrayList<>();
        stream.asStream().forEach(e -> {
            sequences.add(e.getSequenceNumber());
            assertThat(((Noted) e.getPayload()).text()).isEqualTo("a#" + e.getSequenceNumber());
        });
        assertThat(sequences).hasSize((int) total).isSorted().doesNotHaveDuplicates();
        assertThat(sequences.get(0)).isZero();
        assertThat(engine.readEvents("a", 100)
                        .asStream()
                        .map(DomainEventMessage::getSequenceNumber)
                        .findFirst())
                .contains(100L);
    }

    @Test
    void givesEveryEventTheNextGlobalPositionWithoutGaps() {
        engine.appendEvents(events("a", 0, 1));
        engine.appendEvents(events("b", 0, 3));
        engine.appendEvents(events("a", 1, 2));

        List<TrackedEventMessage<?>> all = readAll(null);
        assertThat(all).extracting(MongoEventStorageEngineTest::position).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(all)
                .extracting(e -> ((Noted) e.getPayload()).text())
                .containsExactly("a#0", "b#0", "b#1", "b#2", "a#1", "a#2");
        assertThat(engine.eventLog().headPosition()).isEqualTo(6);
    }

    @Test
    void resumesFromATokenInsideACommit() {
        engine.appendEvents(events("a", 0, 1));
        engine.appendEvents(events("b", 0, 4));
        engine.appendEvents(events("c", 0, 1));

        List<TrackedEventMessage<?>> rest = readAll(new GlobalSequenceTrackingToken(3));
        assertThat(rest).extracting(e -> ((Noted) e.getPayload()).text()).containsExactly("b#2", "b#3", "c#0");
        assertThat(rest).extracting(MongoEventStorageEngineTest::position).containsExactly(4L, 5L, 6L);
    }

    @Test
    void refusesAnEventAtAnExistingSequenceAsAConcurrencyExceptionAndStoresNothing() {
        engine.appendEvents(events("a", 0, 2));
        assertThatThrownBy(() -> engine.appendEvents(events("a", 1, 3))).isInstanceOf(ConcurrencyException.class);
        assertThat(engine.eventLog().headPosition()).isEqualTo(2);
        assertThat(engine.readEvents("a", 0).asStream().count()).isEqualTo(2);
        engine.appendEvents(events("a", 2, 1));
        assertThat(readAll(null))
                .extracting(MongoEventStorageEngineTest::position)
                .containsExactly(1L, 2L, 3L);
    }

    @Test
    void refusesASecondAggregateWithTheSameIdentifierAsAStreamCreationConflict() {
        engine.appendEvents(events("a", 0, 1));
        assertThatThrownBy(() -> engine.appendEvents(events("a", 0, 1)))
                .isInstanceOf(AggregateStreamCreationException.class);
    }

    @Test
    void appendsACommitAllOrNothing() {
        engine.appendEvents(events("a", 0, 3));
        // the second and third events are new, the first collides: none of the three may be stored
        assertThatThrownBy(() -> engine.appendEvents(events("a", 2, 3))).isInstanceOf(ConcurrencyException.class);
        assertThat(engine.readEvents("a", 0).asStream().count()).isEqualTo(3);
        assertThat(engine.eventLog().headPosition()).isEqualTo(3);
    }

    @Test
    void twoWritersOnOneStoreProduceOneCompleteGapFreeOrder() throws Exception {
        MongoEventStorageEngine other = engine(database(MongoClientSettings.builder()));
        MongoEventStorageEngine[] writers = {engine, other};
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        int perThread = 150;
        for (int t = 0; t < 8; t++) {
            MongoEventStorageEngine writer = writers[t % 2];
            String aggregate = "agg-" + t;
            done.add(pool.submit(() -> {
                for (int s = 0; s < perThread; s++) {
                    writer.appendEvents(events(aggregate, s, 1));
                }
            }));
        }
        for (Future<?> future : done) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<TrackedEventMessage<?>> all = readAll(null);
        assertThat(all).hasSize(8 * perThread);
        for (int i = 0; i < all.size(); i++) {
            assertThat(position(all.get(i))).isEqualTo(i + 1);
        }
        assertThat(all).extracting(EventMessage::getIdentifier).doesNotHaveDuplicates();
        Map<String, Long> lastSequence = new HashMap<>();
        for (TrackedEventMessage<?> event : all) {
            DomainEventMessage<?> domain = (DomainEventMessage<?>) event;
            long expected = lastSequence.getOrDefault(domain.getAggregateIdentifier(), -1L) + 1;
            assertThat(domain.getSequenceNumber()).isEqualTo(expected);
            lastSequence.put(domain.getAggregateIdentifier(), expected);
        }
    }

    /**
     * The case that loses events in axon-mongo's engine: an event created at t, committed 2.5 s
     * later while others commit and a tracking reader keeps up. Its position is given when it is
     * stored, after everything the reader has already seen, so the reader gets it.
     */
    @Test
    void aTrackingReaderMissesNoEventWhoseCommitWasHeldOpenWhileOthersCommitted() throws Exception {
        EmbeddedEventStore store =
                EmbeddedEventStore.builder().storageEngine(engine).build();
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicLong lastPosition = new AtomicLong();
        Thread reader = new Thread(() -> {
            try (BlockingStream<TrackedEventMessage<?>> stream = store.openStream(null)) {
                while (seen.size() < 101 && !Thread.currentThread().isInterrupted()) {
                    if (stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)) {
                        TrackedEventMessage<?> next = stream.nextAvailable();
                        assertThat(position(next)).isEqualTo(lastPosition.get() + 1);
                        lastPosition.set(position(next));
                        seen.add(((Noted) next.getPayload()).text());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        reader.start();

        DomainEventMessage<Noted> slow = event("slow", 0);
        Thread slowWriter = new Thread(() -> {
            try {
                Thread.sleep(2_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            store.publish(slow);
        });
        slowWriter.start();
        for (int s = 0; s < 100; s++) {
            store.publish(event("fast", s));
            Thread.sleep(20);
        }
        slowWriter.join();
        reader.join(Duration.ofSeconds(20).toMillis());
        reader.interrupt();
        store.shutDown();

        assertThat(slow.getTimestamp()).isBefore(Instant.now().minusMillis(2_000));
        assertThat(seen).hasSize(101).contains("slow#0");
        assertThat(seen.subList(0, seen.indexOf("slow#0"))).allMatch(text -> text.startsWith("fast#"));
    }

    /**
     * Reading N events costs O(N): about N/100 lookups, each an $in over consecutive values of a
     * unique key (_id or the aggregate-sequence keys), which the embedded server answers from its
     * index; and the documents returned are the N events, no more.
     */
    @Test
    void readingNEventsIsLinearInLookupsAndDocumentsAndEveryLookupIsByAUniqueKey() {
        List<BsonDocument> filters = new CopyOnWriteArrayList<>();
        AtomicLong returned = new AtomicLong();
        CommandListener counting = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("find")
                        && event.getCommand().getString("find").getValue().equals("events")) {
                    filters.add(BsonDocument.parse(
                            event.getCommand().getDocument("filter").toJson()));
                }
            }

            @Override
            public void commandSucceeded(CommandSucceededEvent event) {
                if (event.getCommandName().equals("find")
                        || event.getCommandName().equals("getMore")) {
                    BsonDocument cursor = event.getResponse().getDocument("cursor");
                    BsonValue batch =
                            cursor.containsKey("firstBatch") ? cursor.get("firstBatch") : cursor.get("nextBatch");
                    returned.addAndGet(batch.asArray().size());
                }
            }
        };
        MongoEventStorageEngine writer = engine;
        for (int s = 0; s < 2_000; s++) {
            writer.appendEvents(events("agg-" + (s % 10), s / 10, 1));
        }
        MongoEventStorageEngine counted =
                engine(database(MongoClientSettings.builder().addCommandListener(counting)));
        // finding the end once at start-up walks at most 1,024 positions from the stored hint; not counted here
        assertThat(counted.eventLog().headPosition()).isEqualTo(2_000);

        Map<Integer, long[]> costs = new HashMap<>();
        for (int n : new int[] {1_000, 2_000}) {
            filters.clear();
            returned.set(0);
            List<TrackedEventMessage<?>> read = counted.readEvents(null, false)
                    .limit(n)
                    .<TrackedEventMessage<?>>map(e -> e)
                    .toList();
            assertThat(read).hasSize(n);
            costs.put(n, new long[] {filters.size(), returned.get()});
            for (BsonDocument filter : filters) {
                assertThat(filter.keySet()).hasSize(1).containsAnyOf("_id", "keys");
                BsonValue condition = filter.get(filter.getFirstKey());
                assertThat(condition.asDocument().keySet()).containsExactly("$in");
                assertThat(condition.asDocument().getArray("$in").size()).isLessThanOrEqualTo(128);
            }
        }
        assertThat(costs.get(1_000)[0]).isLessThanOrEqualTo(1_000 / 100 + 2);
        assertThat(costs.get(2_000)[0]).isLessThanOrEqualTo(2_000 / 100 + 2);
        // a finite read reads one batch (128 positions) ahead of the one being handled
        assertThat(costs.get(1_000)[1]).isLessThanOrEqualTo(1_000 + 2 * 128);
        assertThat(costs.get(2_000)[1]).isLessThanOrEqualTo(2_000 + 2 * 128);

        filters.clear();
        assertThat(counted.readEvents("agg-3", 0).asStream().count()).isEqualTo(200);
        // each window: the commit holding its first sequence number by one key, the positions of the later
        // ones by the window's keys, then the commits by position, each once
        assertThat(filters).hasSizeLessThanOrEqualTo(3 * 3);
        assertThat(filters)
                .allMatch(f -> f.keySet().equals(Set.of("keys")) || f.keySet().equals(Set.of("_id")));

        // a page of an aggregate's events near the end costs a search and the page, not a walk from its start
        filters.clear();
        returned.set(0);
        List<StoredEvent> page = counted.eventLog().page("agg-3", 1_900, 10);
        assertThat(page).extracting(StoredEvent::position).allMatch(p -> p >= 1_900);
        assertThat(page).hasSize(10);
        assertThat(page.get(0).sequence()).isEqualTo(190);
        assertThat(filters).hasSizeLessThanOrEqualTo(2 * 12 + 4);
        assertThat(returned.get()).isLessThanOrEqualTo(2 * 12 + 4 + 200);
    }

    /**
     * A commit of thousands of events (an import) is read in parts: a page inside it carries its own
     * events over the wire, not the commit's others; the commit is found by one key, and no
     * {@code $in} over the keys starts inside it (a server compares every key before the first match
     * with every value of an {@code $in}: ten million comparisons for a page inside an import).
     */
    @Test
    void aPageInsideALargeCommitReadsItsOwnEventsOnly() {
        List<BsonDocument> filters = new CopyOnWriteArrayList<>();
        AtomicLong carried = new AtomicLong();
        CommandListener counting = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("find")) {
                    filters.add(BsonDocument.parse(
                            event.getCommand().getDocument("filter").toJson()));
                }
            }

            @Override
            public void commandSucceeded(CommandSucceededEvent event) {
                if (event.getCommandName().equals("find")) {
                    for (BsonValue document :
                            event.getResponse().getDocument("cursor").getArray("firstBatch")) {
                        if (document.asDocument().containsKey(StoredFields.EVENTS)) {
                            carried.addAndGet(document.asDocument()
                                    .getArray(StoredFields.EVENTS)
                                    .size());
                        }
                    }
                }
            }
        };
        engine.appendEvents(events("small", 0, 3));
        engine.appendEvents(events("big", 0, 5_000));
        engine.appendEvents(events("big", 5_000, 2));
        engine.appendEvents(events("small", 3, 1));
        engine.appendEvents(events("big", 5_002, 3));
        MongoEventStorageEngine counted =
                engine(database(MongoClientSettings.builder().addCommandListener(counting)));
        EventLog log = counted.eventLog();
        assertThat(log.headPosition()).isEqualTo(5_009);
        filters.clear();
        carried.set(0);

        // "big" starts at position 4: its sequence 4,000 is at 4,004
        List<StoredEvent> inside = log.page("big", 4_004, 10);
        assertThat(inside).extracting(StoredEvent::sequence).containsExactlyElementsOf(sequences(4_000, 10));
        assertThat(inside).extracting(StoredEvent::position).containsExactlyElementsOf(sequences(4_004, 10));
        // the page's events and the slice of the window read after them: far from the commit's 5,000
        assertThat(carried.get()).isLessThanOrEqualTo(200);

        // a page across the end of the large commit and two later ones, in order, each event once
        List<StoredEvent> across = log.page("big", 4_004 + 995, 10);
        assertThat(across).extracting(StoredEvent::sequence).containsExactlyElementsOf(sequences(4_995, 10));
        assertThat(across).extracting(StoredEvent::position).endsWith(5_008L, 5_009L);
        assertThat(log.events("big", 4_998, 5_004))
                .extracting(EventLog.PositionedEvent::sequence)
                .containsExactlyElementsOf(sequences(4_998, 7));
        assertThat(log.eventAt(2_500)).map(StoredEvent::sequence).contains(2_496L);
        assertThat(log.eventAt(5_010)).isEmpty();
        // far past the head (a client may ask): nothing, at once, not a search through every position between
        assertThat(log.page("big", Long.MAX_VALUE, 10)).isEmpty();
        assertThat(log.page("big", 50_000_000, 10)).isEmpty();
        assertThat(log.eventAt(Long.MAX_VALUE)).isEmpty();
        assertThat(log.eventAt(0)).isEmpty();
        assertThat(counted.readEvents("big", 4_990).asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactlyElementsOf(sequences(4_990, 15));

        for (BsonDocument filter : filters) {
            BsonValue keys = filter.get("keys");
            if (keys != null && keys.isDocument()) {
                String first =
                        keys.asDocument().getArray("$in").get(0).asString().getValue();
                assertThat(first)
                        .as("an $in over keys starts at a commit's first key")
                        .isIn("big:5000", "big:5002");
            }
        }
    }

    /**
     * Axon ends an aggregate's stream at the first batch smaller than its batch size: a batch must be
     * whole whenever the store holds that many, even when it spans more commits than one read looks up.
     */
    @Test
    void anAggregateOfManySmallCommitsIsReadWholeWithALargeBatchSize() {
        for (int s = 0; s < 700; s++) {
            engine.appendEvents(events("many", s, 1));
            if (s % 3 == 0) {
                engine.appendEvents(events("other-" + s, 0, 1));
            }
        }
        MongoEventStorageEngine large = MongoEventStorageEngine.builder()
                .database(database(MongoClientSettings.builder()))
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .batchSize(3 * Commits.LATER_KEYS)
                .build();
        assertThat(large.readEvents("many", 0).asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactlyElementsOf(sequences(0, 700));
        assertThat(large.readEvents("many", 250).asStream().map(DomainEventMessage::getSequenceNumber))
                .containsExactlyElementsOf(sequences(250, 450));
    }

    private static List<Long> sequences(long from, int count) {
        List<Long> sequences = new ArrayList<>();
        for (long s = from; s < from + count; s++) {
            sequences.add(s);
        }
        return sequences;
    }

    @Test
    void makesHeadAndTimeBasedTokens() throws Exception {
        assertThat(engine.createHeadToken()).isNull();
        engine.appendEvents(events("a", 0, 3));
        Thread.sleep(20);
        Instant between = Instant.now();
        Thread.sleep(20);
        engine.appendEvents(events("b", 0, 2));
        assertThat(engine.createHeadToken()).isEqualTo(new GlobalSequenceTrackingToken(5));
        assertThat(engine.createTokenAt(between)).isEqualTo(new GlobalSequenceTrackingToken(3));
        assertThat(engine.createTokenAt(Instant.EPOCH)).isNull();
    }

    /**
     * Trust review 2, R3: one step of the clock ahead is not frozen into every later event: record
     * times follow the monotonic ticker while the clock is ahead of it, and the clock again once it
     * is back.
     */
    @Test
    void aStepOfTheClockAheadIsNotFollowedNorFrozenIntoLaterEvents() {
        long start = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        AtomicLong wall = new AtomicLong(start);
        AtomicLong ticker = new AtomicLong(0);
        Clock clock = new Clock() {
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
                return Instant.ofEpochMilli(wall.get());
            }
        };
        MongoEventStorageEngine stepping = MongoEventStorageEngine.builder()
                .database(database(MongoClientSettings.builder()))
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .clock(new RecordClock(clock, ticker::get))
                .build();
        stepping.appendEvents(events("a", 0, 1));
        // a second passes; the clock jumps a year ahead (a bad time server, a VM resumed wrong)
        ticker.addAndGet(1_000_000_000L);
        wall.set(start + Duration.ofDays(365).toMillis());
        stepping.appendEvents(events("a", 1, 1));
        assertThat(stepping.clockAheadMillis())
                .isGreaterThan(Duration.ofDays(364).toMillis());
        // the clock is put right, a second later
        ticker.addAndGet(1_000_000_000L);
        wall.set(start + 2_000);
        stepping.appendEvents(events("a", 2, 1));
        assertThat(stepping.clockAheadMillis()).isZero();
        ticker.addAndGet(1_000_000_000L);
        wall.set(start + 3_000);
        stepping.appendEvents(events("a", 3, 1));
        assertThat(stepping.eventLog().events("a", 0, 3))
                .extracting(e -> e.recordedAt().toEpochMilli() - start)
                .containsExactly(0L, 1_000L, 2_000L, 3_000L);
        assertThat(stepping.eventLog().positionAt(Instant.ofEpochMilli(start + 3_000)))
                .isEqualTo(4);
    }

    /** Trust review 2, S2: no snapshot is stored, and a planted one is never read. */
    @Test
    void keepsNoSnapshotAndReadsNone() {
        engine.appendEvents(events("a", 0, 5));
        assertThatThrownBy(() -> engine.storeSnapshot(event("a", 3))).isInstanceOf(UnsupportedOperationException.class);
        database(MongoClientSettings.builder())
                .getCollection("snapshots")
                .insertOne(new Document("_id", "a")
                        .append("aggregateType", "Test")
                        .append("eventId", "planted")
                        .append("sequence", 3L)
                        .append("timestamp", new java.util.Date())
                        .append("payloadType", Noted.class.getName())
                        .append("payload", new Document("text", "planted"))
                        .append("metaData", new Document()));
        assertThat(engine.readSnapshot("a")).isEmpty();
        Set<Long> read = new HashSet<>();
        engine.readEvents("a").asStream().forEach(e -> read.add(e.getSequenceNumber()));
        assertThat(read).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void findsTheEndAfterARestartFromAStaleHint() {
        engine.appendEvents(events("a", 0, 3));
        engine.flushHint();
        engine.appendEvents(events("a", 3, 2));
        MongoEventStorageEngine restarted = engine(database(MongoClientSettings.builder()));
        assertThat(restarted.eventLog().headPosition()).isEqualTo(5);
        restarted.appendEvents(events("b", 0, 1));
        assertThat(readAll(new GlobalSequenceTrackingToken(4)))
                .extracting(MongoEventStorageEngineTest::position)
                .containsExactly(5L, 6L);
        assertThat(Collections.frequency(
                        readAll(null).stream()
                                .map(MongoEventStorageEngineTest::position)
                                .toList(),
                        6L))
                .isEqualTo(1);
    }
}
