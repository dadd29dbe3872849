package org.publicfunds.ledger.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Currency;
import java.util.Date;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.serialization.Serializer;
import org.bson.Document;
import org.publicfunds.ledger.LedgerApplication;
import org.publicfunds.ledger.arrangement.Arrangement;
import org.publicfunds.ledger.arrangement.ArrangementId;
import org.publicfunds.ledger.arrangement.CommitFunding;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.DecisionRef;
import org.publicfunds.ledger.arrangement.EntryId;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.FundingBasis;
import org.publicfunds.ledger.arrangement.FundsReceived;
import org.publicfunds.ledger.arrangement.OpenArrangement;
import org.publicfunds.ledger.arrangement.Share;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.arrangement.balance.LedgerView;
import org.publicfunds.ledger.audit.ChainVerifier;
import org.publicfunds.ledger.balance.BalanceProjection;
import org.publicfunds.ledger.balance.LedgerViewStore;
import org.publicfunds.ledger.balances.BalanceRebuild;
import org.publicfunds.ledger.commands.CommandDispatcher;
import org.publicfunds.ledger.embedded.EmbeddedMongoServer;
import org.publicfunds.ledger.eventstore.LedgerJackson;
import org.publicfunds.ledger.eventstore.MongoEventStorageEngine;
import org.publicfunds.ledger.eventstore.RequestKeys;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.idempotency.RequestIdentity;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.money.Percent;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures the ledger and, in the same run on the same embedded store, its baselines: the raw
 * MongoDB driver and the stock axon-mongo engine. Prints one table and writes one flat JSON
 * object of numbers. Run through {@code bench/run}.
 */
public final class Bench {

    static final Currency GBP = Currency.getInstance("GBP");
    static final Funder[] CITIES = {new Funder("Stockholm"), new Funder("London"), new Funder("Washington DC")};
    static final FiscalYear FIRST = FiscalYear.parse("2023-24");
    static final FiscalYear LAST = FiscalYear.parse("2026-27");

    record Sizes(int rawOne, int rawMany, int c1, int c16Each, int stockC1, int stockC16Each, int flat, int queries) {
        static Sizes of(String mode) {
            return switch (mode) {
                case "quick" -> new Sizes(3_000, 20_000, 2_000, 250, 300, 25, 20_000, 200);
                case "full" -> new Sizes(20_000, 100_000, 10_000, 1_000, 1_000, 60, 1_000_000, 1_000);
                default -> new Sizes(10_000, 50_000, 5_000, 500, 500, 40, 100_000, 500);
            };
        }
    }

    /** The embedded server's durability in this run, the same for the raw driver's writes and the ledger's. */
    static final boolean FSYNC = Boolean.parseBoolean(System.getProperty("fsync", "true"));

    static final String DURABILITY = FSYNC ? "each forced to disk" : "each written, not forced";

    private final Map<String, Double> results = new LinkedHashMap<>();
    private final List<String[]> table = new ArrayList<>();
    private final Sizes sizes;
    private final String mode;
    private final Path work;

    private Bench(String mode, Path work) {
        this.mode = mode;
        this.sizes = Sizes.of(mode);
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        String mode = "default";
        // one part alone must not replace the full results
        boolean partial = Boolean.getBoolean("onlyflat")
                || Boolean.getBoolean("onlyreplay")
                || Boolean.getBoolean("onlystreams")
                || Boolean.getBoolean("onlyappend")
                || Boolean.getBoolean("onlyqueries");
        Path out = Path.of(partial ? "bench/results-partial.json" : "bench/results.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> mode = "quick";
                case "--full" -> mode = "full";
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path work = Files.createTempDirectory("ledger-bench");
        Bench bench = new Bench(mode, work);
        long started = System.nanoTime();
        bench.results.put("embedded.fsync", FSYNC ? 1.0 : 0.0);
        bench.run();
        bench.results.put("bench.seconds", round((System.nanoTime() - started) / 1e9));
        bench.print();
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, bench.json());
        System.out.println("wrote " + out);
        System.exit(0);
    }

    /** bcrypt (cost 10) of the bench user's password, bench-secret. */
    private static final String BENCH_USER_HASH = "$2a$10$RxtiVCXVrzt4n3.YSAF/BeFEk4pY2MLTF2.iuCmWzI4myJGEDyPBy";

    private static final String BENCH_USER =
            "Basic " + Base64.getEncoder().encodeToString("bench:bench-secret".getBytes(StandardCharsets.UTF_8));

    private void run() throws Exception {
        System.setProperty("axoniq.update-checker.disabled", "true");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(LedgerApplication.class)
                .run(
                        "--server.port=0",
                        "--ledger.data-dir=" + work.resolve("data"),
                        "--ledger.reference-data=false",
                        // every collection is durable on the embedded server, the stock engine's too: like for like
                        "--ledger.embedded.fsync=" + FSYNC,
                        "--logging.level.root=WARN",
                        "--spring.main.banner-mode=off",
                        // a VIEWER with a production-strength (cost 10) bcrypt hash: queries pay for authentication as
                        // in use
                        "--ledger.security.users[0].name=bench",
                        "--ledger.security.users[0].password-hash=" + BENCH_USER_HASH,
                        "--ledger.security.users[0].roles=VIEWER",
                        // the stream part opens 100 streams as this one user; the service's default allows 8
                        "--ledger.streams.per-user=200")) {
            MongoDatabase database = app.getBean(MongoDatabase.class);
            MongoClient client = app.getBean(MongoClient.class);
            CommandGateway gateway = app.getBean(CommandGateway.class);
            MongoEventStorageEngine engine = app.getBean(MongoEventStorageEngine.class);
            int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));

            if (Boolean.getBoolean("onlyflat")) {
                flatness(gateway);
                return;
            }
            if (Boolean.getBoolean("onlyappend")) {
                rawInserts(database);
                var paused = app.getBean(EventProcessingConfiguration.class)
                        .eventProcessor(BalanceProjection.PROCESSING_GROUP)
                        .orElseThrow();
                paused.shutDown();
                append(gateway::sendAndWait, gateway, "");
                paused.start();
                awaitCaughtUp(app, engine);
                append(asIn201(app), gateway, ".with_projection");
                return;
            }
            if (Boolean.getBoolean("onlyreplay")) {
                flatness(gateway);
                replay(engine, database);
                return;
            }
            if (Boolean.getBoolean("onlystreams")) {
                streams(asIn201(app), gateway, port);
                return;
            }
            if (Boolean.getBoolean("onlyqueries")) {
                open(gateway, "bench-flat");
                for (int i = 0; i < 200; i++) {
                    gateway.sendAndWait(commitment("bench-flat", i));
                }
                queries(port, app.getBean(EmbeddedMongoServer.class).connectionString());
                return;
            }
            rawInserts(database);
            EventProcessingConfiguration processing = app.getBean(EventProcessingConfiguration.class);
            var balances = processing
                    .eventProcessor(BalanceProjection.PROCESSING_GROUP)
                    .orElseThrow();
            // engine against engine: the stock configuration has no projection, so ours is paused too
            balances.shutDown();
            append(gateway::sendAndWait, gateway, "");
            balances.start();
            // the paused part's events are not left for the projection to catch up on while commands are timed
            awaitCaughtUp(app, engine);
            append(asIn201(app), gateway, ".with_projection");
            streams(asIn201(app), gateway, port);
            stock(client);
            flatness(gateway);
            compareWithStockDefault();
            replay(engine, database);
            queries(port, app.getBean(EmbeddedMongoServer.class).connectionString());
            asOfQueries(port, engine.eventLog().headPosition());
            verifyChain(engine);
            report(port);
        }
        if (Boolean.getBoolean("onlyflat")
                || Boolean.getBoolean("onlyreplay")
                || Boolean.getBoolean("onlystreams")
                || Boolean.getBoolean("onlyappend")
                || Boolean.getBoolean("onlyqueries")) {
            return;
        }
        results.put("rss.peak_mb", round(peakRssMb()));
        results.put("events", (double) eventsInStore);
        row("peak RSS of the bench JVM (service inside)", fmt(results.get("rss.peak_mb")) + " MB", "", "");
    }

    private long eventsInStore;

    // ---------------------------------------------------------------- raw driver baseline

    private void rawInserts(MongoDatabase database) {
        MongoCollection<Document> one = database.getCollection("raw_insert_one");
        one.createIndex(Indexes.ascending("keys"), new IndexOptions().unique(true));
        long start = System.nanoTime();
        for (int i = 0; i < sizes.rawOne; i++) {
            one.insertOne(rawDocument(i));
        }
        double oneRate = sizes.rawOne / seconds(start);
        MongoCollection<Document> many = database.getCollection("raw_insert_many");
        many.createIndex(Indexes.ascending("keys"), new IndexOptions().unique(true));
        start = System.nanoTime();
        for (int i = 0; i < sizes.rawMany; i += 100) {
            List<Document> batch = new ArrayList<>(100);
            for (int j = i; j < i + 100; j++) {
                batch.add(rawDocument(j));
            }
            many.insertMany(batch, new InsertManyOptions().ordered(true));
        }
        double manyRate = sizes.rawMany / seconds(start);
        results.put("raw.insert_one.docs_per_s", round(oneRate));
        results.put("raw.insert_many.docs_per_s", round(manyRate));
        row(
                "raw driver insertOne (baseline), " + DURABILITY,
                fmt(oneRate) + " docs/s",
                "1.00x",
                sizes.rawOne + " docs");
        row(
                "raw driver insertMany x100, " + DURABILITY,
                fmt(manyRate) + " docs/s",
                ratio(manyRate, oneRate),
                sizes.rawMany + " docs");
    }

    /** The shape of one stored commit holding one FundingCommitted event. */
    private static Document rawDocument(long i) {
        Document payload = new Document("arrangementId", "raw")
                .append("entryId", UUID.randomUUID().toString())
                .append("funder", "London")
                .append("contributor", "GLA")
                .append("fiscalYear", "2023-24")
                .append("amount", new Document("amount", "1.00").append("currency", "GBP"))
                .append("decisionRef", "BENCH");
        Document event = new Document("eventId", UUID.randomUUID().toString())
                .append("sequence", i)
                .append("timestamp", new Date())
                .append("payloadType", "org.publicfunds.ledger.arrangement.FundingCommitted")
                .append("payloadRevision", "1")
                .append("payload", payload)
                .append(
                        "metaData",
                        new Document("correlationId", UUID.randomUUID().toString()));
        return new Document("_id", i + 1)
                .append("keys", List.of("raw:" + i))
                .append("aggregateId", "raw")
                .append("aggregateType", "Arrangement")
                .append("firstSequence", i)
                .append("size", 1)
                .append("events", List.of(event));
    }

    // ---------------------------------------------------------------- appends through the gateway

    /** How one command is sent and waited for. */
    interface Sender {
        void send(CommitFunding command);
    }

    /**
     * As the service sends a POSTed commitment whose entry id the client chose: through the command
     * dispatcher, which answers once the command's events are stored and the balance read model
     * includes them (read-your-writes), as before a 201. The HTTP request's own parsing and
     * authentication are not in it (the query part measures those from another process).
     */
    private static Sender asIn201(ConfigurableApplicationContext app) {
        CommandDispatcher dispatcher = app.getBean(CommandDispatcher.class);
        return command -> {
            String id = command.arrangementId().value();
            RequestIdentity identity = RequestIdentity.anonymous(
                            command.entryId().value())
                    .and(RequestKeys.entry(id, command.entryId().value()), true);
            if (!dispatcher.dispatch(id, command, Map.of(), identity).visible()) {
                throw new IllegalStateException("the read model did not include a command in time: " + id);
            }
        };
    }

    /** Waits until the balance projection has processed every stored event. */
    private static void awaitCaughtUp(ConfigurableApplicationContext app, MongoEventStorageEngine engine)
            throws InterruptedException {
        long head = engine.eventLog().headPosition();
        var processor = (StreamingEventProcessor) app.getBean(EventProcessingConfiguration.class)
                .eventProcessor(BalanceProjection.PROCESSING_GROUP)
                .orElseThrow();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            var status = processor.processingStatus();
            if (!status.isEmpty()
                    && status.values().stream()
                            .allMatch(s -> s.getCurrentPosition().orElse(-1) >= head)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the balance projection did not reach position " + head + " in 5 minutes");
    }

    /**
     * Suffix "" with the projection paused, sent through the gateway (engine against engine);
     * ".with_projection" with it running, each command answered as a 201 is.
     */
    private void append(Sender sender, CommandGateway gateway, String suffix) throws Exception {
        String tag = suffix.isEmpty() ? "" : "-p";
        open(gateway, "bench-c1" + tag);
        double c1 = commandsPerSecond(sender, List.of("bench-c1" + tag), sizes.c1);
        List<String> ids = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            ids.add("bench-c16" + tag + "-" + t);
            open(gateway, ids.get(t));
        }
        double c16 = commandsPerSecond(sender, ids, sizes.c16Each);
        double raw = results.get("raw.insert_one.docs_per_s");
        results.put("append.c1" + suffix + ".cmds_per_s", round(c1));
        results.put("append.c16" + suffix + ".cmds_per_s", round(c16));
        results.put("append.c16" + suffix + ".vs_raw_insert_one", round2(c16 / raw));
        String how = suffix.isEmpty() ? " (projection paused)" : " (projection running, answered as a 201)";
        row("ledger append, 1 client" + how, fmt(c1) + " cmds/s", ratio(c1, raw), sizes.c1 + " commands");
        row("ledger append, 16 clients" + how, fmt(c16) + " cmds/s", ratio(c16, raw), 16 * sizes.c16Each + " commands");
    }

    /**
     * Command handling with and without 100 open balance streams on the arrangement being
     * written (projection running; streams follow it): the streams' cost to commands, as a ratio.
     */
    private void streams(Sender sender, CommandGateway gateway, int port) throws Exception {
        open(gateway, "bench-sse");
        commandsPerSecond(sender, List.of("bench-sse"), sizes.c1 / 2); // warm-up, not counted
        // alternate without / with, so warm-up and drift weigh on both sides alike; the spread is shown
        int rounds = 4;
        int each = sizes.c1 / 2;
        double without = 0;
        double with = 0;
        long delivered = 0;
        List<String> perRound = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            double a = commandsPerSecond(sender, List.of("bench-sse"), each);
            double b;
            try (Streams streams = new Streams(port, 100)) {
                long before = streams.events.get();
                b = commandsPerSecond(sender, List.of("bench-sse"), each);
                delivered += streams.awaitEvents(before + 100L * each) - before;
            }
            without += a;
            with += b;
            perRound.add(String.format("%.2f", b / a));
        }
        without /= rounds;
        with /= rounds;
        long expected = rounds * 100L * each;
        results.put("streams.c1.without.cmds_per_s", round(without));
        results.put("streams.c1.with100.cmds_per_s", round(with));
        results.put("streams.c1.with100.vs_without", round2(with / without));
        results.put("streams.events_delivered", (double) delivered);
        row(
                "ledger append, 1 client, no balance streams (baseline)",
                fmt(without) + " cmds/s",
                "1.00x",
                rounds * each + " commands, alternated with the next row");
        row(
                "ledger append, 1 client, 100 balance streams open",
                fmt(with) + " cmds/s",
                ratio(with, without),
                "rounds " + String.join(" ", perRound) + "; " + delivered + " of " + expected + " events delivered");
    }

    /** Open balance streams on bench-sse, each read on its own thread; counts the events they deliver. */
    private static final class Streams implements AutoCloseable {
        final AtomicLong events = new AtomicLong();
        private final List<InputStream> bodies = Collections.synchronizedList(new ArrayList<>());
        private final ExecutorService readers;

        Streams(int port, int count) throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            readers = Executors.newFixedThreadPool(count);
            CountDownLatch connected = new CountDownLatch(count);
            CountDownLatch started = new CountDownLatch(count);
            for (int i = 0; i < count; i++) {
                readers.submit(() -> {
                    HttpResponse<InputStream> response = http.send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://127.0.0.1:" + port + "/api/arrangements/bench-sse/balances/stream"))
                                    .header("Authorization", BENCH_USER)
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    bodies.add(response.body());
                    connected.countDown();
                    boolean first = true;
                    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body()))) {
                        String line;
                        while ((line = lines.readLine()) != null) {
                            if (line.startsWith("data:")) {
                                if (first) {
                                    first = false; // the current balances and recent events: not a change
                                    started.countDown();
                                    continue;
                                }
                                // one "recordedAt" per event the message carries
                                for (int at = line.indexOf("\"recordedAt\"");
                                        at >= 0;
                                        at = line.indexOf("\"recordedAt\"", at + 1)) {
                                    events.incrementAndGet();
                                }
                            }
                        }
                    } catch (IOException closed) {
                        // closed at the end of the measure
                    }
                    return null;
                });
            }
            if (!connected.await(30, TimeUnit.SECONDS) || !started.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(count + " streams did not start");
            }
        }

        long awaitEvents(long atLeast) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (events.get() < atLeast && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            return events.get();
        }

        @Override
        public void close() throws IOException {
            for (InputStream body : bodies) {
                body.close();
            }
            readers.shutdownNow();
        }
    }

    static void open(CommandGateway gateway, String id) {
        gateway.sendAndWait(new OpenArrangement(
                new ArrangementId(id),
                "Bench " + id,
                "Bench host",
                FundingBasis.COST_RECOVERY,
                GBP,
                4,
                FIRST,
                LAST,
                Shares.of(
                        new Share(CITIES[0], Percent.of(50)),
                        new Share(CITIES[1], Percent.of(25)),
                        new Share(CITIES[2], Percent.of(25))),
                Money.parse("151500", GBP),
                new DecisionRef("BENCH")));
    }

    static CommitFunding commitment(String arrangement, long i) {
        return new CommitFunding(
                new ArrangementId(arrangement),
                new EntryId(UUID.randomUUID().toString()),
                CITIES[(int) (i % 3)],
                new Contributor("C" + (i % 5)),
                new FiscalYear(FIRST.startYear() + (int) (i % 4)),
                Money.parse("1.00", GBP),
                new DecisionRef("BENCH"));
    }

    /** One client thread per arrangement, each sending {@code each} commitments one after the other. */
    private double commandsPerSecond(Sender sender, List<String> arrangements, int each) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(arrangements.size());
        List<Callable<Void>> clients = new ArrayList<>();
        for (String id : arrangements) {
            clients.add(() -> {
                for (int i = 0; i < each; i++) {
                    sender.send(commitment(id, i));
                }
                return null;
            });
        }
        long start = System.nanoTime();
        for (Future<Void> done : pool.invokeAll(clients)) {
            done.get();
        }
        double rate = (double) arrangements.size() * each / seconds(start);
        pool.shutdown();
        return rate;
    }

    // ---------------------------------------------------------------- the stock axon-mongo engine

    /**
     * The stock engine's history before it is measured: as many events as ours grows to in this mode
     * (the flatness part), but at most 100,000: in --full, a million would take the stock engine
     * without a cache past the mode's time budget (each command reads the whole store on this server).
     */
    private int stockHistory() {
        return Math.min(sizes.flat, 100_000);
    }

    /**
     * Ours at the end of a history as long as the stock engine's (the last tenth of the flatness
     * part, 1 client) against the stock engine's default configuration on its history, 1 client.
     */
    private void compareWithStockDefault() {
        double ours = results.get("flatness.last_10pct.cmds_per_s");
        double stock = results.get("stock.default.c1.cmds_per_s");
        results.put("append.c1.vs_stock_default_c1", round2(ours / stock));
        row(
                "ledger append at the end of its history, 1 client",
                fmt(ours) + " cmds/s",
                "stock default " + ratio(ours, stock),
                "the flatness part's last 10% (" + sizes.flat + "-event history; the stock engine's: " + stockHistory()
                        + ")");
    }

    /** How long one stock measurement may run: the default configuration slows with its history. */
    private static final Duration STOCK_BUDGET = Duration.ofSeconds(20);

    private void stock(MongoClient client) throws Exception {
        Serializer serializer = LedgerJackson.serializer();
        org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine stockEngine =
                org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine.builder()
                        .mongoTemplate(DefaultMongoTemplate.builder()
                                .mongoDatabase(client, "stock")
                                .build())
                        .eventSerializer(serializer)
                        .snapshotSerializer(serializer)
                        .build();
        int history = stockHistory();
        stockPrefill(stockEngine, history);
        // as a user who picks axon-mongo gets it (no aggregate cache: each command reads its aggregate's events),
        // then with a cache, as ours has
        double[] defaults = stockRates(serializer, stockEngine, false, "stock-default");
        double[] cached = stockRates(serializer, stockEngine, true, "stock-cached");
        // the aggregate cache plays no part in a replay: one measurement serves both configurations; it reads
        // from the start for STOCK_BUDGET at most (each of its batches sorts the whole store on this server)
        long[] replayed = new long[1];
        double replay = replayRateWithin(stockEngine, STOCK_BUDGET, replayed);
        results.put("stock.events", (double) history);
        results.put("stock.c1.cmds_per_s", round(cached[0]));
        results.put("stock.c16.cmds_per_s", round(cached[1]));
        results.put("stock.replay.events_per_s", round(replay));
        results.put("stock.default.c1.cmds_per_s", round(defaults[0]));
        results.put("stock.default.c16.cmds_per_s", round(defaults[1]));
        results.put("stock.default.replay.events_per_s", round(replay));
        double ours16 = results.get("append.c16.cmds_per_s");
        results.put("append.c16.vs_stock_c16", round2(ours16 / cached[1]));
        results.put("append.c16.vs_stock_default_c16", round2(ours16 / defaults[1]));
        row(
                "stock axon-mongo engine, default, 1 client",
                fmt(defaults[0]) + " cmds/s",
                ratio(defaults[0], results.get("raw.insert_one.docs_per_s")),
                history + "-event history, no aggregate cache (its default), " + STOCK_BUDGET.toSeconds()
                        + " s at most");
        row(
                "stock axon-mongo engine, default, 16 clients",
                fmt(defaults[1]) + " cmds/s",
                "ours " + ratio(ours16, defaults[1]),
                "same history");
        row(
                "stock axon-mongo engine, our cache, 1 client",
                fmt(cached[0]) + " cmds/s",
                ratio(cached[0], results.get("raw.insert_one.docs_per_s")),
                "same history, an aggregate cache as ours");
        row(
                "stock axon-mongo engine, our cache, 16 clients",
                fmt(cached[1]) + " cmds/s",
                "ours " + ratio(ours16, cached[1]),
                "same history");
        row(
                "stock engine replay",
                fmt(replay) + " events/s",
                "",
                "the first " + replayed[0] + " events of its store, " + STOCK_BUDGET.toSeconds() + " s at most");
    }

    /** Appends {@code count} receipts of one aggregate to the stock engine's store, 500 to a batch. */
    private static void stockPrefill(EventStorageEngine engine, int count) {
        ArrangementId id = new ArrangementId("stock-history");
        for (int from = 0; from < count; from += 500) {
            List<EventMessage<?>> batch = new ArrayList<>();
            for (int s = from; s < Math.min(count, from + 500); s++) {
                batch.add(new GenericDomainEventMessage<>(
                        "Arrangement",
                        id.value(),
                        s,
                        new FundsReceived(
                                id,
                                new EntryId("h" + s),
                                CITIES[s % 3],
                                null,
                                FIRST,
                                Money.parse("1.00", GBP),
                                LocalDate.of(2023, 5, 2))));
            }
            engine.appendEvents(batch);
        }
    }

    /** Commands/s of the stock engine in one configuration, 1 then 16 clients: {c1, c16}. */
    private double[] stockRates(Serializer serializer, EventStorageEngine engine, boolean cached, String prefix)
            throws Exception {
        AggregateConfigurer<Arrangement> aggregate = AggregateConfigurer.defaultConfiguration(Arrangement.class);
        if (cached) {
            aggregate.configureCache(c -> new WeakReferenceCache());
        }
        Configuration stock = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> serializer)
                .configureEventSerializer(c -> serializer)
                .configureMessageSerializer(c -> serializer)
                .configureEmbeddedEventStore(c -> engine)
                .configureAggregate(aggregate)
                .buildConfiguration();
        stock.start();
        try {
            CommandGateway gateway = stock.commandGateway();
            open(gateway, prefix + "-c1");
            double c1 = commandsWithin(gateway, List.of(prefix + "-c1"), sizes.stockC1, STOCK_BUDGET);
            List<String> ids = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                ids.add(prefix + "-c16-" + t);
                open(gateway, ids.get(t));
            }
            double c16 = commandsWithin(gateway, ids, sizes.stockC16Each, STOCK_BUDGET);
            return new double[] {c1, c16};
        } finally {
            stock.shutdown();
        }
    }

    /** Like {@link #commandsPerSecond}, but each client also stops when {@code budget} has passed. */
    private static double commandsWithin(CommandGateway gateway, List<String> arrangements, int each, Duration budget)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(arrangements.size());
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        List<Callable<Void>> clients = new ArrayList<>();
        for (String id : arrangements) {
            clients.add(() -> {
                for (int i = 0; i < each && System.nanoTime() < deadline; i++) {
                    gateway.sendAndWait(commitment(id, i));
                    done.incrementAndGet();
                }
                return null;
            });
        }
        for (Future<Void> client : pool.invokeAll(clients)) {
            client.get();
        }
        double rate = done.get() / seconds(start);
        pool.shutdown();
        return rate;
    }

    /** Events/s reading the store from its start until all are read or {@code budget} has passed; how many in {@code read[0]}. */
    private static double replayRateWithin(EventStorageEngine engine, Duration budget, long[] read) {
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        long count = 0;
        try (Stream<? extends EventMessage<?>> events = engine.readEvents(null, false)) {
            Iterator<? extends EventMessage<?>> each = events.iterator();
            while (each.hasNext() && System.nanoTime() < deadline) {
                each.next();
                count++;
            }
        }
        read[0] = count;
        return count / seconds(start);
    }

    // ---------------------------------------------------------------- flatness

    private void flatness(CommandGateway gateway) {
        open(gateway, "bench-flat");
        int n = sizes.flat;
        int tenth = n / 10;
        long[] marks = new long[n + 1];
        marks[0] = System.nanoTime();
        for (int i = 0; i < n; i++) {
            gateway.sendAndWait(commitment("bench-flat", i));
            marks[i + 1] = System.nanoTime();
            if ((i + 1) % (n / 10) == 0) {
                System.out.printf(Locale.ROOT, "  flatness: %,d of %,d commands%n", i + 1, n);
            }
        }
        double first = tenth / ((marks[tenth] - marks[0]) / 1e9);
        double last = tenth / ((marks[n] - marks[n - tenth]) / 1e9);
        results.put("flatness.first_10pct.cmds_per_s", round(first));
        results.put("flatness.last_10pct.cmds_per_s", round(last));
        results.put("flatness.last_to_first", round2(last / first));
        results.put("flatness.events", (double) n);
        row("flatness: first 10% of one arrangement's history", fmt(first) + " cmds/s", "", n + " events in all");
        row("flatness: last 10%", fmt(last) + " cmds/s", ratio(last, first), "last / first");
    }

    // ---------------------------------------------------------------- replay

    /**
     * The raw driver reads the event documents the fastest way this server allows: $in over
     * consecutive _id values, 1,000 at a time (a plain find() makes it build the whole result first).
     * Returns how many it read.
     */
    private static long rawRead(MongoDatabase database) {
        long raw = 0;
        MongoCollection<Document> stored = database.getCollection("events");
        for (long from = 1; ; from += 1_000) {
            List<Long> ids = new ArrayList<>(1_000);
            for (long id = from; id < from + 1_000; id++) {
                ids.add(id);
            }
            int found = 0;
            for (Document ignored : stored.find(Filters.in("_id", ids)).batchSize(1_000)) {
                found++;
            }
            raw += found;
            if (found == 0) {
                return raw;
            }
        }
    }

    private void replay(MongoEventStorageEngine engine, MongoDatabase database) {
        eventsInStore = engine.eventLog().headPosition();
        // once through the store first, not counted: the replay and the raw read then both find what the
        // store keeps in memory as the other did (the one measured second would otherwise find it warmer)
        rawRead(database);
        LedgerViewStore views = new LedgerViewStore(database, "replay_views");
        AnnotationEventHandlerAdapter projection = new AnnotationEventHandlerAdapter(new BalanceProjection(views));
        long start = System.nanoTime();
        AtomicLong count = new AtomicLong();
        // as a streaming processor does: one unit of work per batch of events, so the projection
        // writes each changed view once per batch
        List<EventMessage<?>> batch = new ArrayList<>(1_000);
        try (Stream<? extends EventMessage<?>> events = engine.readEvents(null, false)) {
            events.forEach(event -> {
                batch.add(event);
                if (batch.size() == 1_000) {
                    handleBatch(projection, batch);
                    count.addAndGet(batch.size());
                    batch.clear();
                }
            });
        }
        handleBatch(projection, batch);
        count.addAndGet(batch.size());
        double ours = count.get() / seconds(start);
        LedgerView rebuilt = views.find("bench-flat").orElseThrow();
        try {
            new LedgerViewStore(database, "balance_views")
                    .awaitPosition("bench-flat", rebuilt.position(), Duration.ofMinutes(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!rebuilt.equals(live(database).orElseThrow())) {
            throw new IllegalStateException("the rebuilt view of bench-flat differs from the live one");
        }
        start = System.nanoTime();
        long raw = rawRead(database);
        double rawRate = raw / seconds(start);
        double stock = results.getOrDefault("stock.replay.events_per_s", Double.NaN);
        results.put("replay.events_per_s", round(ours));
        results.put("raw.read.docs_per_s", round(rawRate));
        results.put("replay.vs_raw_read", round2(ours / rawRate));
        results.put("replay.vs_stock", round2(ours / stock));
        row("raw driver read of the event documents (baseline)", fmt(rawRate) + " docs/s", "1.00x", raw + " docs");
        row(
                "ledger replay: stream + balance projection rebuild",
                fmt(ours) + " events/s",
                ratio(ours, rawRate),
                "stock " + ratio(ours, stock) + ", " + count.get() + " events");
    }

    private static void handleBatch(AnnotationEventHandlerAdapter projection, List<EventMessage<?>> batch) {
        if (!batch.isEmpty()) {
            BalanceRebuild.handleBatch(projection, batch);
        }
    }

    private static Optional<LedgerView> live(MongoDatabase database) {
        return new LedgerViewStore(database, "balance_views").find("bench-flat");
    }

    // ---------------------------------------------------------------- queries over HTTP

    /**
     * Balance reads as a dashboard makes them, from a separate JVM ({@link LoadGenerator}), 1, 8 and
     * 32 clients; and the floor: the same process reading the view document straight from the
     * driver, as many clients.
     */
    private void queries(int port, String mongo) throws Exception {
        String url = "http://127.0.0.1:" + port + "/api/arrangements/bench-flat/balances";
        for (int clients : new int[] {1, 8, 32}) {
            int each = Math.max(20, sizes.queries / clients * (clients == 1 ? 1 : 2));
            Map<String, Double> http = generate("http", url, BENCH_USER, String.valueOf(clients), String.valueOf(each));
            Map<String, Double> floor = generate(
                    "driver",
                    mongo,
                    "ledger",
                    "balance_views",
                    "bench-flat",
                    String.valueOf(clients),
                    String.valueOf(each));
            String key = "query.balances.c" + clients;
            results.put(key + ".p50_ms", round2(http.get("p50_ms")));
            results.put(key + ".p99_ms", round2(http.get("p99_ms")));
            results.put(key + ".per_s", round(http.get("per_s")));
            results.put("query.floor.c" + clients + ".p50_ms", round2(floor.get("p50_ms")));
            results.put("query.floor.c" + clients + ".p99_ms", round2(floor.get("p99_ms")));
            results.put("query.floor.c" + clients + ".per_s", round(floor.get("per_s")));
            String who = clients + " client" + (clients > 1 ? "s" : "");
            row(
                    "GET balances over HTTP, " + who + " (another JVM)",
                    "p50 " + fmt2(http.get("p50_ms")) + " ms, p99 " + fmt2(http.get("p99_ms")) + " ms",
                    fmt(http.get("per_s")) + "/s",
                    http.get("requests").intValue() + " requests");
            row(
                    "  floor: the view document from the driver, " + who,
                    "p50 " + fmt2(floor.get("p50_ms")) + " ms, p99 " + fmt2(floor.get("p99_ms")) + " ms",
                    fmt(floor.get("per_s")) + "/s",
                    "the same JVM, " + floor.get("requests").intValue() + " reads");
        }
    }

    /** Runs {@link LoadGenerator} in a JVM of its own on this classpath; its one line of JSON, parsed. */
    private static Map<String, Double> generate(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                LoadGenerator.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the load generator failed: " + out);
        }
        String last = out.substring(out.lastIndexOf('\n') + 1);
        Map<String, Double> values = new LinkedHashMap<>();
        Matcher pair = Pattern.compile("\"([a-z_0-9]+)\": ([0-9.]+)").matcher(last);
        while (pair.find()) {
            values.put(pair.group(1), Double.parseDouble(pair.group(2)));
        }
        return values;
    }

    /** The auditor's walk over the whole hash chain. */
    private void verifyChain(MongoEventStorageEngine engine) {
        long start = System.nanoTime();
        var result = new ChainVerifier(engine.eventLog()).verify(position -> {});
        double rate = result.eventsChecked() / seconds(start);
        if (!result.isOk()) {
            throw new IllegalStateException("the chain is broken: " + result);
        }
        results.put("verify.events_per_s", round(rate));
        row(
                "audit verify: hash chain walk",
                fmt(rate) + " events/s",
                ratio(rate, results.get("raw.read.docs_per_s")),
                result.eventsChecked() + " events, vs raw read");
    }

    /** As-of balances of the long arrangement at positions spread over its whole history. */
    private void asOfQueries(int port, long head) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Random random = new Random(42);
        List<Long> latencies = new ArrayList<>();
        int n = Math.max(50, sizes.queries / 5);
        for (int i = 0; i < n + 10; i++) {
            long position = 1 + (long) (random.nextDouble() * head);
            URI uri = URI.create(
                    "http://127.0.0.1:" + port + "/api/arrangements/bench-flat/balances?atPosition=" + position);
            long t = System.nanoTime();
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .header("Authorization", BENCH_USER)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200 && response.statusCode() != 404) {
                throw new IllegalStateException(
                        "as-of query answered " + response.statusCode() + ": " + response.body());
            }
            if (i >= 10) {
                latencies.add(System.nanoTime() - t);
            }
        }
        List<Long> sorted = latencies.stream().sorted().toList();
        double p50 = sorted.get(sorted.size() / 2) / 1e6;
        double p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6;
        results.put("query.asof.c1.p50_ms", round2(p50));
        results.put("query.asof.c1.p99_ms", round2(p99));
        row(
                "GET balances atPosition (random, whole history), 1 client",
                "p50 " + fmt2(p50) + " ms, p99 " + fmt2(p99) + " ms",
                "",
                sorted.size() + " requests over " + head + " events");
    }

    private static String get(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", BENCH_USER)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
        }
        return response.body();
    }

    // ---------------------------------------------------------------- versus plain-text accounting

    private void report(int port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/arrangements/bench-flat/balances");
        List<Long> ours = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            long t = System.nanoTime();
            get(http, uri);
            ours.add(System.nanoTime() - t);
        }
        double oursS = ours.stream().sorted().toList().get(5) / 1e9;
        results.put("report.ours_s", round6(oursS));
        Path hledger = Stream.of("/usr/bin/hledger", "/usr/local/bin/hledger")
                .map(Path::of)
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
        if (hledger == null) {
            results.put("report.hledger_s", -1.0);
            row("balance report per city and year: ours", fmt6(oursS) + " s", "", "hledger not installed: skipped");
            return;
        }
        Path journal = work.resolve("bench-flat.journal");
        StringBuilder text = new StringBuilder(64 * sizes.flat);
        for (int i = 0; i < sizes.flat; i++) {
            CommitFunding c = commitment("bench-flat", i);
            text.append(c.fiscalYear().startYear())
                    .append("-06-01 commitment ")
                    .append(c.contributor().value())
                    .append('\n')
                    .append("    commitments:")
                    .append(c.funder().value())
                    .append(':')
                    .append(c.fiscalYear().label())
                    .append("    GBP 1.00\n    pledges:")
                    .append(c.funder().value())
                    .append("\n\n");
        }
        Files.writeString(journal, text);
        long t = System.nanoTime();
        Process process = new ProcessBuilder(
                        hledger.toString(),
                        "-f",
                        journal.toString(),
                        "balance",
                        "commitments",
                        "--depth",
                        "3",
                        "--no-total")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("hledger failed: " + output);
        }
        double hledgerS = (System.nanoTime() - t) / 1e9;
        results.put("report.hledger_s", round6(hledgerS));
        results.put("report.hledger_to_ours", round2(hledgerS / oursS));
        row(
                "balance report per city and year: hledger " + "1.25",
                fmt6(hledgerS) + " s",
                "1.00x",
                sizes.flat + " entries");
        row(
                "balance report per city and year: ours (HTTP)",
                fmt6(oursS) + " s",
                ratio(hledgerS, oursS) + " faster",
                "");
    }

    // ---------------------------------------------------------------- output

    private void row(String what, String figure, String ratio, String note) {
        table.add(new String[] {what, figure, ratio, note});
        System.out.printf(Locale.ROOT, "  %-55s %-28s %-14s %s%n", what, figure, ratio, note);
    }

    private void print() {
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "Ledger bench, mode %s, %s, %d cores, Java %s%n",
                mode,
                Instant.now(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        System.out.printf(Locale.ROOT, "| %-55s | %-28s | %-14s | %s |%n", "measure", "figure", "ratio", "note");
        System.out.printf(
                Locale.ROOT, "|%s|%s|%s|%s|%n", "-".repeat(57), "-".repeat(30), "-".repeat(16), "-".repeat(10));
        for (String[] r : table) {
            System.out.printf(Locale.ROOT, "| %-55s | %-28s | %-14s | %s |%n", (Object[]) r);
        }
    }

    /** The results as one flat JSON object, whole numbers without a fraction, in the order they were measured. */
    private String json() throws IOException {
        Map<String, Number> flat = new LinkedHashMap<>();
        results.forEach((key, value) -> flat.put(
                key, value == Math.rint(value) && Math.abs(value) < 1e15 ? (Number) value.longValue() : value));
        return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(flat) + "\n";
    }

    private static double peakRssMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return -1;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String ratio(double value, double baseline) {
        return String.format(Locale.ROOT, "%.2fx", value / baseline);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String fmt2(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String fmt6(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static double round6(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
