package org.publicfunds.ledger.simulation;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bson.Document;
import org.publicfunds.ledger.arrangement.ArrangementEvent;
import org.publicfunds.ledger.arrangement.ArrangementId;
import org.publicfunds.ledger.arrangement.Authorisation;
import org.publicfunds.ledger.arrangement.CloseFiscalYear;
import org.publicfunds.ledger.arrangement.CommitFunding;
import org.publicfunds.ledger.arrangement.ConfirmPledge;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.DecisionRef;
import org.publicfunds.ledger.arrangement.EntryId;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.FundingBasis;
import org.publicfunds.ledger.arrangement.ImportEntries;
import org.publicfunds.ledger.arrangement.OpenArrangement;
import org.publicfunds.ledger.arrangement.PledgeFunding;
import org.publicfunds.ledger.arrangement.RecordCost;
import org.publicfunds.ledger.arrangement.RecordInKind;
import org.publicfunds.ledger.arrangement.RecordReceipt;
import org.publicfunds.ledger.arrangement.RegisterDecision;
import org.publicfunds.ledger.arrangement.ReverseEntry;
import org.publicfunds.ledger.arrangement.ReviewArrangement;
import org.publicfunds.ledger.arrangement.Share;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.arrangement.Treatment;
import org.publicfunds.ledger.arrangement.WithdrawPledge;
import org.publicfunds.ledger.arrangement.balance.LedgerView;
import org.publicfunds.ledger.audit.ChainVerifier;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.eventstore.MongoEventStorageEngine;
import org.publicfunds.ledger.eventstore.RequestKeys;
import org.publicfunds.ledger.eventstore.StoredCommit;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.money.Percent;

/**
 * A fault simulator in the spirit of TigerBeetle's VOPR, over the real code: for one seed it
 * builds a {@link World}, drives several clients through random commands (entries, reversals,
 * reviews, closes, retries with the same keys, a key reused for another request) against one or
 * two ledger nodes while faults are injected at every step, and then checks, on a clean restart:
 * every acknowledged entry exists exactly once (by entry id and by idempotency key) where its
 * answer said; a request refused by a rule stored nothing; every retry got the first result;
 * positions and each arrangement's sequences have no gaps and every stored commit is found by
 * each of its unique keys; balances equal a fresh fold of the stored events; the hash chain
 * verifies; and every idempotency key answers with its first result, never "in use" for good.
 */
public final class FaultSimulator {

    static final Currency GBP = Currency.getInstance("GBP");
    static final FiscalYear FIRST = FiscalYear.parse("2023-24");
    static final FiscalYear LAST = FiscalYear.parse("2026-27");

    /** What one seed did and found. */
    public record Report(
            long seed,
            int steps,
            int requests,
            int acknowledged,
            Map<String, Integer> faults,
            List<String> violations,
            long millis,
            String world) {

        public boolean ok() {
            return violations.isEmpty();
        }

        @Override
        public String toString() {
            return "seed " + seed + " (" + world + "): " + steps + " steps, " + requests + " requests, " + acknowledged
                    + " acknowledged, faults " + faults + ", " + millis + " ms"
                    + (ok() ? "" : "\n  VIOLATIONS:\n  - " + String.join("\n  - ", violations));
        }
    }

    /** A request as sent, and every answer it got. */
    private static final class Sent {
        final String kind;
        final Front.Request request;
        final List<Front.Answer> answers = new ArrayList<>();
        /** An import's rows: the entry id each row creates, stored once the import is acknowledged. */
        final List<String> rowEntries;

        Sent(String kind, Front.Request request) {
            this(kind, request, List.of());
        }

        Sent(String kind, Front.Request request, List<String> rowEntries) {
            this.kind = kind;
            this.request = request;
            this.rowEntries = rowEntries;
        }

        Front.Answer acknowledgement() {
            return answers.stream().filter(Front.Answer::stored).findFirst().orElse(null);
        }

        boolean nameable() {
            return request.idempotencyKey() != null || request.clientEntryId() != null;
        }
    }

    private final long seed;
    private final Random random;
    private final World world;
    private final List<String> arrangements = List.of("sim-north", "sim-south");
    private final Map<String, List<Funder>> funders = new HashMap<>();
    private final List<Sent> sent = new ArrayList<>();
    private final List<List<Sent>> pending = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private int numbers;

    private FaultSimulator(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
        boolean fsync = random.nextInt(100) < 85;
        boolean twoNodes = random.nextInt(100) < 30;
        double[] rates = {0.0, 0.02, 0.05, 0.1, 0.2};
        this.world = new World(seed, random, fsync, twoNodes, rates[random.nextInt(rates.length)]);
    }

    /** No request may take this long, whatever failed: a request that never answers is a violation (liveness). */
    static final Duration REQUEST_LIMIT = Duration.ofMinutes(3);

    /** Waits for a request; one still running after {@link #REQUEST_LIMIT} fails the run with where it is stuck. */
    private static void finish(Future<?> request) throws Exception {
        try {
            request.get(REQUEST_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            StringBuilder stuck =
                    new StringBuilder("a request did not finish within " + REQUEST_LIMIT.toMinutes() + " minutes");
            Thread.getAllStackTraces().forEach((thread, frames) -> {
                if (Arrays.stream(frames)
                        .anyMatch(frame -> frame.getClassName().endsWith("FaultSimulator")
                                && frame.getMethodName().contains("deliver"))) {
                    stuck.append("\n    ").append(thread.getName()).append(":");
                    Arrays.stream(frames)
                            .limit(25)
                            .forEach(frame -> stuck.append("\n      at ").append(frame));
                }
            });
            throw new IllegalStateException(stuck.toString(), e);
        }
    }

    public static Report run(long seed) {
        return new FaultSimulator(seed).run();
    }

    private Report run() {
        long started = System.nanoTime();
        int clients = 2 + random.nextInt(3);
        int steps = 20 + random.nextInt(41);
        for (int c = 0; c < clients; c++) {
            pending.add(new ArrayList<>());
        }
        String description = "fsync " + (world.fsync ? "on" : "off") + ", "
                + (world.twoNodes ? "two nodes" : "one node") + ", fault rate " + world.faultRate + ", " + clients
                + " clients, checkpoint every " + world.checkpointEvery.toMillis() + " ms";
        // two more than the clients: the in-flight step runs a probe and a duplicate beside its first copy
        ExecutorService burst = Executors.newFixedThreadPool(clients + 2);
        try {
            world.startOrRecover();
            for (String id : arrangements) {
                open(id);
            }
            for (int step = 0; step < steps; step++) {
                world.restartIfNeeded();
                if (world.fsync && random.nextInt(1000) < 15) {
                    inFlightDuplicate(burst, random.nextInt(clients));
                } else if (random.nextInt(100) < 15) {
                    List<Future<?>> running = new ArrayList<>();
                    for (int c = 0; c < clients; c++) {
                        Sent next = nextRequest(c);
                        LedgerNode node = node();
                        running.add(burst.submit(() -> deliver(node, next, null)));
                    }
                    for (Future<?> f : running) {
                        finish(f);
                    }
                } else {
                    int c = random.nextInt(clients);
                    World.Armed armed = random.nextDouble() < world.faultRate * 0.5
                            ? new World.Armed(
                                    1 + random.nextInt(3), random.nextBoolean(), world.fsync && random.nextInt(3) == 0)
                            : null;
                    LedgerNode node = node();
                    Sent next = nextRequest(c);
                    finish(burst.submit(() -> deliver(node, next, armed)));
                }
                if (random.nextInt(100) < 3) {
                    cleanRestart();
                }
            }
            world.restartIfNeeded();
            world.quiet();
            cleanRestart();
            long checking = System.nanoTime();
            check();
            world.time("check", checking);
        } catch (Exception e) {
            StringBuilder chain = new StringBuilder("the run failed: " + e);
            // where in the simulator it escaped: the run's own frames
            Arrays.stream(e.getStackTrace())
                    .filter(frame -> frame.getClassName().startsWith("org.publicfunds.ledger.simulation"))
                    .limit(6)
                    .forEach(frame -> chain.append("\n    at ").append(frame));
            for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
                chain.append("\n    caused by ").append(cause);
            }
            violations.add(chain.toString());
        } finally {
            burst.shutdownNow();
            world.close();
        }
        int acknowledged =
                (int) sent.stream().filter(s -> s.acknowledgement() != null).count();
        return new Report(
                seed,
                steps,
                sent.size(),
                acknowledged,
                world.faultCounts(),
                violations,
                (System.nanoTime() - started) / 1_000_000,
                description + ", acknowledged by kind " + acknowledgedByKind() + ", ms "
                        + new TreeMap<>(world.timings));
    }

    private Map<String, Integer> acknowledgedByKind() {
        Map<String, Integer> kinds = new TreeMap<>();
        synchronized (sent) {
            for (Sent s : sent) {
                if (s.acknowledgement() != null) {
                    kinds.merge(s.kind, 1, Integer::sum);
                }
            }
        }
        return kinds;
    }

    private LedgerNode node() {
        return world.b != null && random.nextBoolean() ? world.b : world.a;
    }

    private void cleanRestart() {
        world.restartIfNeeded();
        long started = System.nanoTime();
        if (world.b != null) {
            world.b.close();
            world.b = null;
        }
        world.a.close();
        world.time("clean-stop-node", started);
        long server = System.nanoTime();
        world.server.close();
        world.time("clean-stop-server", server);
        world.startOrRecover();
    }

    private void deliver(LedgerNode node, Sent request, World.Armed armed) {
        long started = System.nanoTime();
        World.beginRequest(armed);
        try {
            Front.Answer answer = Front.send(node, request.request);
            synchronized (sent) {
                request.answers.add(answer);
            }
        } finally {
            World.endRequest();
            world.time("requests", started);
            long ms = (System.nanoTime() - started) / 1_000_000;
            if (ms > 100 && Boolean.getBoolean("simulation.slow")) {
                System.out.println("SLOW " + ms + " ms " + request.kind + " " + request.answers);
            }
        }
    }

    /** Opens an arrangement, retrying with its key until it is there. */
    private void open(String id) {
        int count = 2 + random.nextInt(2);
        List<Funder> parties = new ArrayList<>();
        List<Share> shares = new ArrayList<>();
        int left = 10_000;
        for (int f = 0; f < count; f++) {
            Funder funder = new Funder("F" + f);
            parties.add(funder);
            int points = f == count - 1 ? left : 1_000 + random.nextInt(left - 1_000 * (count - f));
            shares.add(new Share(funder, new Percent(points)));
            left -= points;
        }
        funders.put(id, parties);
        ArrangementId arrangement = new ArrangementId(id);
        Money budget = random.nextBoolean() ? new Money(1 + random.nextInt(10_000_000), GBP) : null;
        Sent opening = new Sent(
                "open",
                new Front.Request(
                        "finance",
                        id,
                        e -> new OpenArrangement(
                                arrangement,
                                "Simulated " + id,
                                "Host",
                                FundingBasis.COST_RECOVERY,
                                GBP,
                                4,
                                FIRST,
                                LAST,
                                new Shares(shares),
                                budget,
                                new DecisionRef("OPEN")),
                        false,
                        "open-" + id,
                        null,
                        "open|" + id));
        sent.add(opening);
        for (int attempt = 0; attempt < 50; attempt++) {
            world.restartIfNeeded();
            deliver(world.a, opening, null);
            Front.Answer last = opening.answers.get(opening.answers.size() - 1);
            if (last.stored() || last.status() == 409 && "arrangement-exists".equals(last.code())) {
                return;
            }
            World.sleep(20);
        }
        violations.add("could not open " + id + " in 50 attempts: " + opening.answers);
    }

    /** The client's next request: a retry of one whose outcome it does not know, or a new one. */
    private Sent nextRequest(int client) {
        List<Sent> mine = pending.get(client);
        mine.removeIf(s -> {
            Front.Answer last = s.answers.isEmpty() ? null : s.answers.get(s.answers.size() - 1);
            return last != null && !last.ambiguous();
        });
        if (!mine.isEmpty() && random.nextInt(100) < 40) {
            return mine.get(random.nextInt(mine.size()));
        }
        Sent next = newRequest(client);
        synchronized (sent) {
            sent.add(next);
        }
        if (next.nameable()) {
            mine.add(next);
        }
        return next;
    }

    private Sent newRequest(int client) {
        String user = "user" + client;
        String id = arrangements.get(random.nextInt(arrangements.size()));
        ArrangementId arrangement = new ArrangementId(id);
        int number = ++numbers;
        String key = random.nextInt(100) < 70 ? "k" + number : null;
        EntryId chosen = random.nextInt(100) < 50 ? new EntryId("s" + seed + "-" + number) : null;
        FiscalYear year = FIRST.through(LAST).get(random.nextInt(4));
        Funder funder = funders.get(id).get(random.nextInt(funders.get(id).size()));
        String body = random.nextInt(3) == 0 ? text(funder.value() + "-body" + random.nextInt(2)) : null;
        Money amount = new Money(1 + random.nextInt(100_000), GBP);
        int roll = random.nextInt(100);
        String kind;
        Function<EntryId, Object> command;
        boolean entry = true;
        FiscalYear y = year;
        if (roll < 22) {
            kind = "commitment";
            // sometimes under one of the few registered decisions, whose limits then apply
            String decision = random.nextInt(100) < 30 ? "RD" + random.nextInt(3) : text("D" + number);
            command = e ->
                    new CommitFunding(arrangement, e, funder, contributor(body), y, amount, new DecisionRef(decision));
        } else if (roll < 28) {
            kind = "pledge";
            String note = random.nextBoolean() ? null : text("Indicated " + number);
            command = e -> new PledgeFunding(arrangement, e, funder, contributor(body), y, amount, note);
        } else if (roll < 45) {
            kind = "receipt";
            command = e ->
                    new RecordReceipt(arrangement, e, funder, contributor(body), y, amount, LocalDate.of(2024, 1, 1));
        } else if (roll < 50) {
            // in kind: an OFFSET is a cost of the year and a contribution, which a close then carries forward
            kind = "in-kind";
            Treatment treatment = random.nextBoolean() ? Treatment.OFFSET : Treatment.MEMO;
            String description = text("Conference " + number);
            command = e -> new RecordInKind(
                    arrangement, e, funder, contributor(body), y, "conference", amount, description, treatment);
        } else if (roll < 58) {
            kind = "cost";
            String category = text("coordinator");
            String description = text("Cost " + number);
            command = e -> new RecordCost(arrangement, e, y, category, amount, LocalDate.of(2024, 2, 1), description);
        } else if (roll < 60) {
            kind = "decision";
            entry = false;
            chosen = null;
            DecisionRef ref = new DecisionRef("RD" + random.nextInt(3));
            List<Authorisation> authorisations = new ArrayList<>();
            for (Funder party : funders.get(id)) {
                if (random.nextBoolean()) {
                    authorisations.add(new Authorisation(party, null, y, new Money(1 + random.nextInt(300_000), GBP)));
                }
            }
            String title = text("Decision " + number);
            command = e -> new RegisterDecision(
                    arrangement, ref, title, null, LocalDate.of(2023, 4, 1), List.copyOf(authorisations));
        } else if (roll < 64) {
            // confirm or withdraw a pledge (or, when the entry picked is not one, be refused)
            EntryId pledge = someAcknowledgedPledge(id);
            if (random.nextBoolean()) {
                kind = "confirmation";
                String decision = random.nextBoolean() ? "RD" + random.nextInt(3) : "D" + number;
                command = e -> new ConfirmPledge(arrangement, pledge, e, amount, new DecisionRef(decision));
            } else {
                kind = "withdrawal";
                entry = false;
                chosen = null;
                String reason = text("Withdrawn " + number);
                command = e -> new WithdrawPledge(arrangement, pledge, reason);
            }
        } else if (roll < 78) {
            kind = "reversal";
            EntryId target = someAcknowledgedEntry(id);
            String reason = text("Posted in error");
            command = e -> new ReverseEntry(arrangement, e, target, reason);
        } else if (roll < 80) {
            // an import of a few rows, all or nothing in one commit; sent again, it finds its rows imported
            Imported imported = anImport(arrangement, funder, body, y, number);
            String fingerprint = "import|" + number;
            return new Sent(
                    "import",
                    new Front.Request(user, id, imported.command(), false, key, null, fingerprint),
                    imported.rowEntries());
        } else if (roll < 86) {
            kind = "review";
            entry = false;
            chosen = null;
            List<Funder> parties = funders.get(id);
            int first = 5_000 + random.nextInt(5_000);
            Shares shares = parties.size() == 1
                    ? null
                    : new Shares(List.of(
                            new Share(parties.get(0), new Percent(first)),
                            new Share(parties.get(1), new Percent(10_000 - first))));
            Money budget = random.nextBoolean() ? new Money(1 + random.nextInt(10_000_000), GBP) : null;
            Shares s = shares;
            String reason = text("Review " + number);
            // now and then also whether decisions must be registered: two events in one commit
            Boolean required = random.nextInt(100) < 10 ? random.nextInt(3) == 0 : null;
            command = e -> new ReviewArrangement(
                    arrangement, y, s, budget, null, reason, new DecisionRef("R" + number), required);
        } else if (roll < 90) {
            kind = "close";
            entry = false;
            chosen = null;
            command = e -> new CloseFiscalYear(arrangement, y);
        } else if (roll < 95 && !sent.isEmpty()) {
            // a key the client used before, for another request: refused if that one is stored
            Sent earlier = sent.get(random.nextInt(sent.size()));
            kind = "key-reused";
            key = earlier.request.idempotencyKey() != null
                            && earlier.request.user().equals(user)
                    ? earlier.request.idempotencyKey()
                    : key;
            command = e -> new CommitFunding(arrangement, e, funder, null, y, amount, new DecisionRef("X" + number));
        } else {
            // an entry sent again by its id, as a client that lost the answer and kept no key would
            Sent earlier = someAcknowledgedEntrySent(id);
            if (earlier != null) {
                return new Sent(
                        "entry-resent",
                        new Front.Request(
                                earlier.request.user(),
                                earlier.request.arrangementId(),
                                earlier.request.command(),
                                true,
                                null,
                                new EntryId(earlier.acknowledgement().entryId()),
                                earlier.request.fingerprint()));
            }
            kind = "commitment";
            command = e -> new CommitFunding(arrangement, e, funder, null, y, amount, new DecisionRef("D" + number));
        }
        String fingerprint = kind + "|" + number;
        return new Sent(kind, new Front.Request(user, id, command, entry, key, chosen, fingerprint));
    }

    private record Imported(Function<EntryId, Object> command, List<String> rowEntries) {}

    /** An import of one to three rows (receipts and costs), each with the entry id its reference gives it. */
    private Imported anImport(ArrangementId arrangement, Funder funder, String body, FiscalYear y, int number) {
        // the draws here, the rows in the command: a row with text the edge refuses (a contributor's
        // hostile name) is a 400 for the whole file, as the endpoint answers, not a failure of the run
        int count = 1 + random.nextInt(3);
        List<Money> amounts = new ArrayList<>();
        List<Boolean> receipts = new ArrayList<>();
        List<String> rowEntries = new ArrayList<>();
        String prefix = "s" + seed + "-" + number + "-";
        for (int k = 0; k < count; k++) {
            amounts.add(new Money(1 + random.nextInt(100_000), GBP));
            receipts.add(random.nextBoolean());
            rowEntries.add(rowEntryId(prefix + k));
        }
        Function<EntryId, Object> command = e -> {
            List<ImportEntries.Row> rows = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                String reference = prefix + k;
                EntryId rowId = new EntryId(rowEntryId(reference));
                Money rowAmount = amounts.get(k);
                Object row = receipts.get(k)
                        ? new RecordReceipt(
                                arrangement, rowId, funder, contributor(body), y, rowAmount, LocalDate.of(2024, 1, 1))
                        : new RecordCost(
                                arrangement, rowId, y, "imported", rowAmount, LocalDate.of(2024, 2, 1), "Imported");
                rows.add(new ImportEntries.Row(k + 2, reference, RequestKeys.sha256(reference + rowAmount), row));
            }
            return new ImportEntries(arrangement, List.copyOf(rows));
        };
        return new Imported(command, List.copyOf(rowEntries));
    }

    private static String rowEntryId(String reference) {
        return "imp-" + RequestKeys.sha256(reference).substring(0, 32);
    }

    /**
     * The first copy of a request held inside its log force (applied, visible, not yet on disk),
     * the same request sent again in that window (by its entry id, without a key; or an import,
     * which finds its rows stored), and the power cut while the force is still held (trust
     * review 2, F1): a duplicate answered from the applied copy is an acknowledgement the cut
     * then takes back.
     */
    private void inFlightDuplicate(ExecutorService burst, int client) throws Exception {
        String id = arrangements.get(random.nextInt(arrangements.size()));
        ArrangementId arrangement = new ArrangementId(id);
        int number = ++numbers;
        FiscalYear y = FIRST.through(LAST).get(random.nextInt(4));
        Funder funder = funders.get(id).get(random.nextInt(funders.get(id).size()));
        Money amount = new Money(1 + random.nextInt(100_000), GBP);
        Sent first;
        if (random.nextBoolean()) {
            EntryId chosen = new EntryId("s" + seed + "-" + number);
            first = new Sent(
                    "receipt",
                    new Front.Request(
                            "user" + client,
                            id,
                            e -> new RecordReceipt(arrangement, e, funder, null, y, amount, LocalDate.of(2024, 1, 1)),
                            true,
                            null,
                            chosen,
                            "receipt|" + number));
        } else {
            Imported imported = anImport(arrangement, funder, null, y, number);
            first = new Sent(
                    "import",
                    new Front.Request("user" + client, id, imported.command(), false, null, null, "import|" + number),
                    imported.rowEntries());
        }
        synchronized (sent) {
            sent.add(first);
        }
        if (first.nameable()) {
            pending.get(client).add(first);
        }
        LedgerNode firstNode = node();
        LedgerNode secondNode = node();
        long head;
        try {
            head = world.a.engine.eventLog().headPosition();
        } catch (RuntimeException e) {
            // the store went away since the step began (a crash on another thread): the first copy goes alone
            deliver(firstNode, first, null);
            return;
        }
        world.holdLogForces();
        Future<?> one = burst.submit(() -> deliver(firstNode, first, null));
        Future<?> two = null;
        try {
            if (world.logForceHeld(2_000) && headPassed(head, 2_000, burst)) {
                Sent again = new Sent(first.kind + "-in-flight", first.request, first.rowEntries);
                synchronized (sent) {
                    sent.add(again);
                }
                two = burst.submit(() -> deliver(secondNode, again, null));
                try {
                    two.get(200, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // not answered while the first copy is not on disk: as it should be
                }
                world.count("power-cut-in-a-held-force");
                world.crash(true);
            }
        } finally {
            world.releaseLogForces();
        }
        long waited = System.nanoTime();
        finish(one);
        if (two != null) {
            finish(two);
        }
        if (Boolean.getBoolean("simulation.slow")) {
            System.out.println("IN-FLIGHT " + first.kind + " window " + (two != null) + ", then "
                    + (System.nanoTime() - waited) / 1_000_000 + " ms for the answers " + first.answers);
        }
    }

    /**
     * Whether a commit past {@code head} became visible within {@code ms}: read directly, on a
     * thread of its own (the writer's lock is held by the request in flight, and the connection
     * may wait behind the held force), and given up at the deadline.
     */
    private boolean headPassed(long head, long ms, ExecutorService threads) throws InterruptedException {
        long deadline = System.nanoTime() + ms * 1_000_000;
        var events = world.a.database.getCollection("events");
        while (System.nanoTime() < deadline) {
            Future<Boolean> probe =
                    threads.submit(() -> events.countDocuments(new Document("_id", new Document("$gt", head))) > 0);
            try {
                if (probe.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return true;
                }
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                probe.cancel(true);
                return false;
            }
            Thread.sleep(2);
        }
        return false;
    }

    /**
     * Text a client might send: usually plain, sometimes hostile (a lone surrogate, a bidirectional
     * override, a zero-width or control character, a decomposed accent, a line separator, a private
     * or unassigned character, surrounding spaces, too long) and sometimes merely foreign (accents,
     * emoji, right-to-left script, a spreadsheet formula). The hostile is refused with a 400 and
     * stores nothing; whatever is accepted never breaks the chain.
     */
    private String text(String plain) {
        if (random.nextInt(100) >= 15) {
            return plain;
        }
        String[] odd = {
            "X\ud800Y",
            "\udc00tail",
            "pay\u202Eeman",
            "abc\u200Fdef",
            "zero\u200Bwidth",
            "\uFEFFbom",
            "bell\u0007",
            "nul\u0000byte",
            "cafe\u0301",
            "line\u2028break",
            "private\uE000",
            "unassigned\u0378",
            " padded",
            "x".repeat(250),
            "Zürich",
            "côte d'Ivoire",
            "€ 💶 budget",
            "مدريد",
            "東京",
            "=1+1",
            "@SUM(A1)",
            "-2+3",
            "a \"quoted\", comma"
        };
        return plain + odd[random.nextInt(odd.length)];
    }

    private static Contributor contributor(String name) {
        return name == null ? null : new Contributor(name);
    }

    private EntryId someAcknowledgedEntry(String arrangementId) {
        Sent earlier = someAcknowledgedEntrySent(arrangementId);
        return earlier == null
                ? new EntryId("no-such-entry")
                : new EntryId(earlier.acknowledgement().entryId());
    }

    private EntryId someAcknowledgedPledge(String arrangementId) {
        List<Sent> pledges = new ArrayList<>();
        synchronized (sent) {
            for (Sent s : sent) {
                if (s.kind.equals("pledge")
                        && s.request.arrangementId().equals(arrangementId)
                        && s.acknowledgement() != null
                        && s.acknowledgement().entryId() != null) {
                    pledges.add(s);
                }
            }
        }
        return pledges.isEmpty()
                ? someAcknowledgedEntry(arrangementId)
                : new EntryId(pledges.get(random.nextInt(pledges.size()))
                        .acknowledgement()
                        .entryId());
    }

    private Sent someAcknowledgedEntrySent(String arrangementId) {
        List<Sent> candidates = new ArrayList<>();
        synchronized (sent) {
            for (Sent s : sent) {
                if (s.request.entryKind()
                        && s.request.arrangementId().equals(arrangementId)
                        && s.acknowledgement() != null
                        && s.acknowledgement().entryId() != null) {
                    candidates.add(s);
                }
            }
        }
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    // ---- the checks, on a clean restart with no more faults ----

    private void check() throws InterruptedException {
        MongoEventStorageEngine engine = world.a.engine;
        List<StoredCommit> commits = new ArrayList<>();
        long position = 1;
        while (true) {
            List<StoredCommit> page = engine.eventLog().commitsFrom(position, 500);
            if (page.isEmpty()) {
                break;
            }
            for (StoredCommit commit : page) {
                if (commit.position() >= position) {
                    commits.add(commit);
                }
            }
            position = page.get(page.size() - 1).end();
        }
        long head = engine.eventLog().headPosition();
        checkOrderAndIndexes(commits, head);
        Map<String, List<Long>> entries = new HashMap<>();
        Map<String, StoredCommit> requestKeys = new HashMap<>();
        for (StoredCommit commit : commits) {
            for (int i = 0; i < commit.events().size(); i++) {
                Document payload = commit.events().get(i).get("payload", Document.class);
                String entryId = payload.containsKey("reversalId")
                        ? payload.getString("reversalId")
                        : payload.getString("entryId");
                if (entryId != null) {
                    entries.computeIfAbsent(commit.aggregateId() + ":" + entryId, k -> new ArrayList<>())
                            .add(commit.position() + i);
                }
            }
            for (String key : commit.keys()) {
                if (key.startsWith("@") && requestKeys.put(key, commit) != null) {
                    violations.add("request key " + key + " is on two commits");
                }
            }
        }
        entries.forEach((entry, positions) -> {
            if (positions.size() != 1) {
                violations.add("entry " + entry + " is stored " + positions.size() + " times, at " + positions);
            }
        });
        Map<String, List<Sent>> byKey = new HashMap<>();
        for (Sent s : sent) {
            if (s.request.idempotencyKey() != null) {
                byKey.computeIfAbsent(s.request.user() + " " + s.request.idempotencyKey(), k -> new ArrayList<>())
                        .add(s);
            }
        }
        for (Sent s : sent) {
            checkAnswers(s, entries, requestKeys, byKey);
        }
        checkBalances(engine, head);
        ChainVerifier.Verification verification = new ChainVerifier(engine.eventLog()).verify(p -> {});
        if (!verification.isOk()) {
            violations.add("verify: " + verification);
        }
        checkKeysAnswerTheirFirstResult(byKey, requestKeys);
    }

    private void checkOrderAndIndexes(List<StoredCommit> commits, long head) {
        long expected = 1;
        Map<String, Long> sequences = new HashMap<>();
        var events = world.a.database.getCollection("events");
        for (StoredCommit commit : commits) {
            if (commit.position() != expected) {
                violations.add("a gap: expected position " + expected + ", found " + commit.position());
            }
            expected = commit.end();
            long next = sequences.getOrDefault(commit.aggregateId(), 0L);
            if (commit.firstSequence() != next) {
                violations.add(commit.aggregateId() + ": expected sequence " + next + " at position "
                        + commit.position() + ", found " + commit.firstSequence());
            }
            sequences.put(
                    commit.aggregateId(),
                    commit.firstSequence() + commit.events().size());
            if (events.find(new Document("_id", commit.position())).first() == null) {
                violations.add("commit " + commit.position() + " is not found by its _id");
            }
            for (String key : commit.keys()) {
                Document byKey = events.find(new Document("keys", key)).first();
                if (byKey == null || byKey.getLong("_id") != commit.position()) {
                    violations.add("commit " + commit.position() + " is not found by its key " + key);
                }
            }
        }
        if (expected - 1 != head) {
            violations.add("the head is " + head + " but the stored commits end at " + (expected - 1));
        }
    }

    private void checkAnswers(
            Sent s,
            Map<String, List<Long>> entries,
            Map<String, StoredCommit> requestKeys,
            Map<String, List<Sent>> byKey) {
        Front.Answer first = s.acknowledgement();
        String what = s.kind + " " + s.request.fingerprint() + " answered " + s.answers;
        if (first != null) {
            for (Front.Answer later : s.answers) {
                if (later.stored()
                        && !Front.ALREADY_IMPORTED.equals(later.code())
                        && !Front.ALREADY_IMPORTED.equals(first.code())
                        && (!Objects.equals(later.entryId(), first.entryId())
                                || later.position() != first.position())) {
                    violations.add("a retry got another result than the first: " + what);
                }
                if (!later.stored() && s.answers.indexOf(later) > s.answers.indexOf(first) && !later.ambiguous()) {
                    violations.add("a retry of a stored request was refused: " + what);
                }
            }
            if (s.request.entryKind()) {
                List<Long> at = entries.get(s.request.arrangementId() + ":" + first.entryId());
                if (at == null) {
                    violations.add("an acknowledged entry is not stored: " + what);
                } else if (!at.contains(first.position())) {
                    violations.add("an acknowledged entry is stored at " + at + ", not where its answer said: " + what);
                }
            }
            for (String row : s.rowEntries) {
                if (!entries.containsKey(s.request.arrangementId() + ":" + row)) {
                    violations.add("a row of an acknowledged import is not stored (" + row + "): " + what);
                }
            }
            if (s.request.idempotencyKey() != null && !Front.ALREADY_IMPORTED.equals(first.code())) {
                StoredCommit commit =
                        requestKeys.get(RequestKeys.idempotencyKey(s.request.user(), s.request.idempotencyKey()));
                if (commit == null) {
                    violations.add("an acknowledged request's key is not in the store: " + what);
                } else if (commit.end() - 1 != first.position()) {
                    violations.add(
                            "an acknowledged request's key is on the commit at " + commit.position() + ": " + what);
                }
            }
        } else if (!s.answers.isEmpty() && !s.answers.get(s.answers.size() - 1).ambiguous()) {
            Front.Answer last = s.answers.get(s.answers.size() - 1);
            boolean aboutAnother = "idempotency-key-reused".equals(last.code()) || "entry-id-taken".equals(last.code());
            if (!aboutAnother
                    && s.request.idempotencyKey() != null
                    && byKey.get(s.request.user() + " " + s.request.idempotencyKey())
                                    .size()
                            == 1
                    && requestKeys.containsKey(
                            RequestKeys.idempotencyKey(s.request.user(), s.request.idempotencyKey()))) {
                violations.add("a request refused with " + last.status() + " " + last.code() + " was stored: " + what);
            }
        }
    }

    private void checkBalances(MongoEventStorageEngine engine, long head) throws InterruptedException {
        for (String id : arrangements) {
            LedgerView folded = null;
            for (EventLog.PositionedEvent event : engine.eventLog().events(id, 0, Long.MAX_VALUE)) {
                folded = LedgerView.fold(
                        folded, (ArrangementEvent) event.payload(), event.position(), event.createdAt());
            }
            if (folded == null) {
                violations.add("the checker found no events of " + id + ", which was opened");
                continue;
            }
            LedgerView stored = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                stored = world.a.views.find(id).orElse(null);
                if (stored != null && stored.position() >= folded.position()) {
                    break;
                }
                Thread.sleep(20);
            }
            if (Boolean.getBoolean("simulation.debug")) {
                System.out.println(
                        "CHECK " + id + " stored " + describe(stored) + "\n      folded " + describe(folded));
            }
            if (!folded.equals(stored)) {
                violations.add("the balances of " + id + " differ from a fresh fold of its events: stored "
                        + describe(stored) + ", folded " + describe(folded));
            }
        }
    }

    private static String describe(LedgerView view) {
        return view == null
                ? "none"
                : "position " + view.position() + " contributions "
                        + new TreeMap<>(view.contributions().entrySet().stream()
                                .collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue)))
                        + " costs " + view.costsMinor() + " closed " + view.closed();
    }

    /** Every key, sent again as its last request: its first stored result, or a first answer now; never "in use". */
    private void checkKeysAnswerTheirFirstResult(Map<String, List<Sent>> byKey, Map<String, StoredCommit> requestKeys) {
        // a client comes back later: any reservation another node left unanswered has run out by then
        world.clock.advance(Duration.ofSeconds(31));
        Map<String, Sent> last = new LinkedHashMap<>();
        byKey.forEach((key, list) -> last.put(key, list.get(list.size() - 1)));
        for (Map.Entry<String, Sent> entry : last.entrySet()) {
            Sent s = entry.getValue();
            Front.Answer answer = Front.send(world.a, s.request);
            String what = s.kind + " " + s.request.fingerprint() + " answered " + s.answers + ", then " + answer;
            if (answer.status() == 409 && "idempotency-key-in-use".equals(answer.code())) {
                violations.add("a key is in use for good: " + what);
                continue;
            }
            Front.Answer first = s.acknowledgement();
            if (first != null
                    && (!answer.stored()
                            || answer.position() != first.position()
                            || !Objects.equals(answer.entryId(), first.entryId()))) {
                violations.add("a key does not answer with its first result: " + what);
            }
            StoredCommit commit =
                    requestKeys.get(RequestKeys.idempotencyKey(s.request.user(), s.request.idempotencyKey()));
            if (first == null
                    && commit != null
                    && byKey.get(entry.getKey()).size() == 1
                    && (!answer.stored() || answer.position() != commit.end() - 1)) {
                violations.add("a stored request that was never acknowledged is not found by its key: " + what);
            }
        }
    }
}
