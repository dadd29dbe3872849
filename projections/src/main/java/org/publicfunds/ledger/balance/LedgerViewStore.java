package org.publicfunds.ledger.balance;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Currency;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.bson.Document;
import org.publicfunds.ledger.arrangement.Carry;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.ContributorShare;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.Share;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.arrangement.balance.LedgerView;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.money.Percent;
import org.slf4j.LoggerFactory;

/**
 * Stores one document per arrangement holding its whole {@link LedgerView}. Each event changes
 * exactly one document in one write, conditional on the position it replaces, so a crash can
 * never leave an event half applied and two writers can never both apply one.
 */
public class LedgerViewStore {

    private static final long POLL_MS = 20;
    /** Where the name of the live copy of the views is recorded (a rebuild switches it). */
    public static final String META = "projection_meta";

    private static final long FOLLOW_EVERY_MS = 1_000;

    private final MongoDatabase database;
    /** The processing group whose live copy this store follows; null for a store fixed to one collection. */
    private final String follows;

    private volatile MongoCollection<Document> views;
    private volatile MongoCollection<Document> checkpoints;
    private volatile long followedAtMs;
    /** The views this instance wrote, each with the claims epoch it was written in. */
    private final Map<String, Written> cache = new ConcurrentHashMap<>();

    private record Written(LedgerView view, long epoch) {}

    /** Moves on whenever this instance's claims on the projection's segments may have changed. */
    private final AtomicLong claimsEpoch = new AtomicLong();

    private volatile Predicate<String> holding = id -> false;
    private final Object applied = new Object();
    private final List<Consumer<LedgerView>> listeners = new CopyOnWriteArrayList<>();

    /** A store over one collection (and its checkpoints), such as a copy being rebuilt. */
    public LedgerViewStore(MongoDatabase database, String collectionName) {
        this(database, null, collectionName);
    }

    private LedgerViewStore(MongoDatabase database, String follows, String collectionName) {
        this.database = database;
        this.follows = follows;
        use(collectionName);
    }

    /**
     * The live views of a processing group: the copy recorded in {@value #META}, or
     * {@code defaultCollection} until a rebuild records one. Every instance follows the record:
     * the projection looks at it before each batch, queries at least every second.
     */
    public static LedgerViewStore following(MongoDatabase database, String group, String defaultCollection) {
        LedgerViewStore store = new LedgerViewStore(database, group, defaultCollection);
        store.follow();
        return store;
    }

    /** Records {@code collection} as the live copy of {@code group}'s views, for every instance. */
    public static void activate(MongoDatabase database, String group, String collection) {
        database.getCollection(META)
                .replaceOne(
                        Filters.eq("_id", group),
                        new Document("_id", group).append("collection", collection),
                        new ReplaceOptions().upsert(true));
    }

    /**
     * The collection, written without waiting for the journal ({@code j: false}, the rest of its
     * write concern kept): for the views and their checkpoints, derived from the event store and
     * derived again after a loss. A view is written after the events it folds, so it comes after
     * them in the journal, and a journal is one sequence: a power cut loses only its end, so a view
     * can be lost while its events are kept (and is folded again from them), never kept while its
     * events are lost. The processor's token, written after its batch's views, stays durable and
     * makes them durable with it. Views are compared by position, so events delivered again are
     * folded once. On a replica set whose majority writes are journaled (MongoDB's default,
     * {@code writeConcernMajorityJournalDefault}), {@code w: majority} still waits for the journals.
     */
    public static <T> MongoCollection<T> derived(MongoCollection<T> collection) {
        return collection.withWriteConcern(collection.getWriteConcern().withJournal(false));
    }

    /** Switches to the copy the record names, if it changed; a store fixed to one collection stays. */
    public void follow() {
        if (follows == null) {
            return;
        }
        Document meta =
                database.getCollection(META).find(Filters.eq("_id", follows)).first();
        followedAtMs = System.currentTimeMillis();
        if (meta != null && !meta.getString("collection").equals(collectionName())) {
            use(meta.getString("collection"));
        }
    }

    private void followNowAndThen() {
        if (follows != null && System.currentTimeMillis() - followedAtMs >= FOLLOW_EVERY_MS) {
            follow();
        }
    }

    private void use(String collectionName) {
        this.checkpoints = derived(database.getCollection(collectionName + "_checkpoints"));
        this.views = derived(database.getCollection(collectionName));
        cache.clear();
        synchronized (applied) {
            applied.notifyAll();
        }
    }

    /**
     * The view as this instance last wrote it, if it did so since its claims last changed (a
     * segment claimed again is read from the store: the view may have gone on, or back, while
     * another instance held it or the store was down). Another instance may still have written a
     * later one: a {@link #replaceAll} over it is then refused.
     */
    Optional<LedgerView> lastWritten(String arrangementId) {
        Written written = cache.get(arrangementId);
        return written == null || written.epoch() != claimsEpoch.get() ? Optional.empty() : Optional.of(written.view());
    }

    /**
     * The arrangement's view as a query should see it: from memory when this instance wrote it
     * last and nobody else can have written it since (it has held the arrangement's segment
     * without a break since the write, as {@link #answerFromMemoryWhile} and {@link #claimsChanged}
     * tell it); otherwise read from the store.
     */
    public Optional<LedgerView> current(String arrangementId) {
        Written written = cache.get(arrangementId);
        if (written != null && written.epoch() == claimsEpoch.get() && holding.test(arrangementId)) {
            followNowAndThen();
            // a rebuild's switch, seen by the follow just now, empties the memory
            Written still = cache.get(arrangementId);
            if (still != null && still.epoch() == claimsEpoch.get()) {
                return Optional.of(still.view());
            }
        }
        return find(arrangementId);
    }

    /**
     * Queries may be answered from memory for the arrangements this predicate says this instance
     * holds now, with a claim renewed recently enough that no other instance can have taken it.
     * Without one (the default), every query reads the store.
     */
    public void answerFromMemoryWhile(Predicate<String> holds) {
        this.holding = holds;
    }

    /** This instance's claims changed (a segment claimed or let go): what memory holds is no longer served. */
    public void claimsChanged() {
        claimsEpoch.incrementAndGet();
    }

    /** The stored view, read from the database (so another instance's writes are seen). */
    public Optional<LedgerView> find(String arrangementId) {
        followNowAndThen();
        return Optional.ofNullable(views.find(Filters.eq("_id", arrangementId)).first())
                .map(LedgerViewStore::decode);
    }

    /**
     * A page of the views in arrangement id order: those after {@code after} (exclusive; null
     * from the first), whose id or name contains {@code text} (ignoring case; null for all), at
     * most {@code limit}. The {@code _id} order and range are served by the unique index on a
     * real MongoDB; the embedded server filters and sorts in memory.
     */
    public List<LedgerView> page(String after, String text, int limit) {
        followNowAndThen();
        NavigableMap<String, String> names = directory();
        String wanted = text == null || text.isBlank() ? null : text.strip().toLowerCase(Locale.ROOT);
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, String> entry : (after == null ? names : names.tailMap(after, false)).entrySet()) {
            if (wanted == null
                    || entry.getKey().toLowerCase(Locale.ROOT).contains(wanted)
                    || entry.getValue() != null
                            && entry.getValue().toLowerCase(Locale.ROOT).contains(wanted)) {
                ids.add(entry.getKey());
                if (ids.size() == limit) {
                    break;
                }
            }
        }
        List<LedgerView> page = new ArrayList<>();
        if (!ids.isEmpty()) {
            for (Document document : views.find(Filters.in("_id", ids))) {
                page.add(decode(document));
            }
        }
        page.sort(Comparator.comparing(LedgerView::arrangementId));
        return page;
    }

    /** Every arrangement's id and name, from one read of the views; kept while their number stays the same. */
    private record Directory(MongoCollection<Document> of, NavigableMap<String, String> names, long readAtNanos) {}

    /** The directory is read again at least this often, whatever the count says (a replica set's count is estimated). */
    private static final long DIRECTORY_FOR_NANOS = TimeUnit.SECONDS.toNanos(60);

    private volatile Directory directory;

    /**
     * The ids and names of every view, in id order, for the list and its search without reading
     * every view each time (trust review 2, R1: a search scanned and decoded them all, 58 ms a
     * page at 10,000). Views are only ever added, so their count tells when another instance
     * added one: then, after a switch to another copy, and every minute (a replica set's fast
     * count may be off after an unclean stop), the directory is read again.
     */
    private NavigableMap<String, String> directory() {
        MongoCollection<Document> collection = views;
        Directory known = directory;
        long count = collection.estimatedDocumentCount();
        if (known != null
                && known.of() == collection
                && known.names().size() == count
                && System.nanoTime() - known.readAtNanos() < DIRECTORY_FOR_NANOS) {
            return known.names();
        }
        TreeMap<String, String> names = new TreeMap<>();
        for (Document document : collection.find().projection(Projections.include("_id", "name"))) {
            names.put(document.getString("_id"), document.getString("name"));
        }
        directory = new Directory(collection, names, System.nanoTime());
        return names;
    }

    /** Every view, one at a time as the cursor brings them (none held beyond the call). */
    public void forEachView(Consumer<LedgerView> action) {
        followNowAndThen();
        for (Document document : views.find()) {
            action.accept(decode(document));
        }
    }

    public List<LedgerView> findAll() {
        followNowAndThen();
        List<LedgerView> all = new ArrayList<>();
        for (Document document : views.find()) {
            all.add(decode(document));
        }
        all.sort(Comparator.comparing(LedgerView::arrangementId));
        return all;
    }

    /**
     * Writes each pair's new view ({@code [previous, next]}, previous null for a new arrangement)
     * in place of its previous one, all in one bulk write, each only if the stored view is still
     * its previous one. Returns the ids of the views written; those not written (another writer
     * changed them) are forgotten, so the next read goes to the store. While the write is under
     * way these views are not in memory: a query meanwhile reads the store, which another
     * instance's wait for this write may already have seen.
     */
    Set<String> replaceAll(List<LedgerView[]> pairs) {
        if (pairs.isEmpty()) {
            return Set.of();
        }
        // taken before the write: a claim that changes meanwhile makes these views unservable from memory
        long epoch = claimsEpoch.get();
        List<WriteModel<Document>> writes = new ArrayList<>(pairs.size());
        for (LedgerView[] pair : pairs) {
            cache.remove(pair[1].arrangementId());
            writes.add(
                    pair[0] == null
                            ? new InsertOneModel<>(encode(pair[1]))
                            : new ReplaceOneModel<>(
                                    Filters.and(
                                            Filters.eq("_id", pair[0].arrangementId()),
                                            Filters.eq("position", pair[0].position())),
                                    encode(pair[1])));
        }
        List<LedgerView> written;
        try {
            BulkWriteResult result = views.bulkWrite(writes, new BulkWriteOptions().ordered(false));
            written = result.getInsertedCount() + result.getMatchedCount() == pairs.size()
                    ? pairs.stream().map(pair -> pair[1]).toList()
                    : writtenOf(pairs);
        } catch (MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null
                    || e.getWriteErrors().stream()
                            .anyMatch(error -> error.getCategory() != ErrorCategory.DUPLICATE_KEY)) {
                throw e;
            }
            // a new arrangement's view was written by another writer first: which of the others were written
            written = writtenOf(pairs);
        }
        Set<String> ids = new HashSet<>();
        for (LedgerView next : written) {
            cache.put(next.arrangementId(), new Written(next, epoch));
            ids.add(next.arrangementId());
        }
        synchronized (applied) {
            applied.notifyAll();
        }
        for (LedgerView next : written) {
            for (Consumer<LedgerView> listener : listeners) {
                try {
                    listener.accept(next);
                } catch (RuntimeException e) {
                    // a listener (a stream, a gauge) never undoes a written view
                    LoggerFactory.getLogger(LedgerViewStore.class).warn("a view listener failed", e);
                }
            }
        }
        return ids;
    }

    /**
     * The new views of these pairs that the store holds as they are: written by this bulk write
     * (or, folded alike, by another writer: the same view either way). Compared whole, not by
     * position: a view another writer folded to the same position from other events is not this one.
     */
    private List<LedgerView> writtenOf(List<LedgerView[]> pairs) {
        Map<String, LedgerView> stored = new HashMap<>();
        for (Document document : views.find(Filters.in(
                "_id", pairs.stream().map(pair -> pair[1].arrangementId()).toList()))) {
            LedgerView view = decode(document);
            stored.put(view.arrangementId(), view);
        }
        return pairs.stream()
                .map(pair -> pair[1])
                .filter(next -> next.equals(stored.get(next.arrangementId())))
                .toList();
    }

    /**
     * Told of each view this instance writes, on the projection's thread, after the write: a
     * listener must return at once (hand the work to its own thread). Views written by another
     * instance are not reported; a listener that must see them also reads the store.
     */
    public void whenApplied(Consumer<LedgerView> listener) {
        listeners.add(listener);
    }

    /** Every this many events of an arrangement, its view is kept as a checkpoint for as-of queries. */
    public static final int CHECKPOINT_EVERY = 128;

    /** The key of the view after the arrangement's first {@code block * CHECKPOINT_EVERY} events. */
    static String blockCheckpoint(String arrangementId, long block) {
        return arrangementId + ":" + block;
    }

    /**
     * The key of the view after the arrangement's event {@code sequence}, kept where an import's
     * commit ends: every event of a commit is recorded at one instant, so a position found by time
     * is a commit's end, and an as-of query there folds nothing out of the import (whose commit
     * the store would load whole for a slice of it).
     */
    static String sequenceCheckpoint(String arrangementId, long sequence) {
        return arrangementId + "@" + sequence;
    }

    void saveCheckpoint(LedgerView view, String key) {
        checkpoints.replaceOne(
                Filters.eq("_id", key),
                encode(view).append("_id", key).append("arrangementId", view.arrangementId()),
                new ReplaceOptions().upsert(true));
    }

    /** The view after the arrangement's first {@code block * CHECKPOINT_EVERY} events, if kept. */
    public Optional<LedgerView> checkpoint(String arrangementId, long block) {
        return checkpointKept(blockCheckpoint(arrangementId, block));
    }

    /** The view right after the arrangement's event {@code sequence}, if one was kept there (an import's end). */
    public Optional<LedgerView> checkpointAfter(String arrangementId, long sequence) {
        return checkpointKept(sequenceCheckpoint(arrangementId, sequence));
    }

    private Optional<LedgerView> checkpointKept(String key) {
        return Optional.ofNullable(checkpoints.find(Filters.eq("_id", key)).first())
                .map(document -> decode(document.append("_id", document.getString("arrangementId"))));
    }

    public String collectionName() {
        return views.getNamespace().getCollectionName();
    }

    /**
     * From now on, reads and writes go to another (rebuilt) copy of the views, in one step:
     * a query sees either the old copy or the new one, never a half-built one.
     */
    public void switchTo(LedgerViewStore rebuilt) {
        use(rebuilt.collectionName());
    }

    /** Forgets cached views, so the next read goes to the database (after a reset or rebuild). */
    void forget() {
        cache.clear();
    }

    /**
     * Waits until the stored view of the arrangement includes the event at {@code position}.
     * Wakes as soon as this instance writes a view (a view it writes is kept in memory as written),
     * and reads the store every 20 ms, so views written by another instance are seen too.
     */
    public boolean awaitPosition(String arrangementId, long position, Duration timeout) throws InterruptedException {
        long now = System.nanoTime();
        long deadline = now + timeout.toNanos();
        // with a view of the arrangement in memory (this instance writes it), the store is read only after a
        // wait: its next write wakes the wait first; without (another instance writes it), at once
        long nextRead = cache.containsKey(arrangementId) ? now + TimeUnit.MILLISECONDS.toNanos(POLL_MS) : now;
        while (true) {
            if (includes(written(arrangementId), position)) {
                return true;
            }
            now = System.nanoTime();
            if (now - nextRead >= 0 || now - deadline >= 0) {
                if (includes(find(arrangementId).orElse(null), position)) {
                    return true;
                }
                if (System.nanoTime() - deadline >= 0) {
                    return false;
                }
                nextRead = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(POLL_MS);
            }
            synchronized (applied) {
                // looked at again under the lock a writer notifies with: a write after this look wakes this wait
                if (includes(written(arrangementId), position)) {
                    return true;
                }
                long waitNanos = Math.min(nextRead, deadline) - System.nanoTime();
                if (waitNanos > 0) {
                    TimeUnit.NANOSECONDS.timedWait(applied, waitNanos);
                }
            }
        }
    }

    private LedgerView written(String arrangementId) {
        Written written = cache.get(arrangementId);
        return written == null ? null : written.view();
    }

    private static boolean includes(LedgerView view, long position) {
        return view != null && view.position() >= position;
    }

    static Document encode(LedgerView view) {
        List<Document> shares = new ArrayList<>();
        view.sharesFrom()
                .forEach((year, s) -> shares.add(new Document("from", year.label())
                        .append(
                                "shares",
                                s.shares().stream()
                                        .map(share -> new Document(
                                                        "funder", share.funder().value())
                                                .append(
                                                        "basisPoints",
                                                        share.percent().basisPoints()))
                                        .toList())));
        List<Document> budgets = new ArrayList<>();
        view.budgetFromMinor()
                .forEach((year, minor) -> budgets.add(new Document("from", year.label()).append("amountMinor", minor)));
        // each paying body's name once; its sums per year and the closes' lines refer to it by index
        Parties parties = new Parties();
        List<Document> flows = new ArrayList<>();
        view.contributions()
                .forEach((key, flow) -> flows.add(new Document("p", parties.index(key.funder(), key.contributor()))
                        .append("y", key.fiscalYear().label())
                        .append(
                                "s",
                                List.of(
                                        flow.committedMinor(),
                                        flow.receivedMinor(),
                                        flow.pledgedMinor(),
                                        flow.originalCommittedMinor(),
                                        flow.originalReceivedMinor(),
                                        flow.originalPledgedMinor(),
                                        flow.inKindMinor(),
                                        flow.offsetMinor()))));
        List<Document> closings = closings(view, parties);
        List<Document> costs = new ArrayList<>();
        view.costsMinor()
                .forEach((year, minor) ->
                        costs.add(new Document("fiscalYear", year.label()).append("amountMinor", minor)));
        return new Document("_id", view.arrangementId())
                .append("position", view.position())
                .append("name", view.name())
                .append("host", view.host())
                .append("basis", view.basis())
                .append("currency", view.currency().getCurrencyCode())
                .append("fiscalYearStartMonth", view.fiscalYearStartMonth())
                .append("firstFiscalYear", view.firstFiscalYear().label())
                .append("lastFiscalYear", view.lastFiscalYear().label())
                .append("decisionRef", view.decisionRef())
                .append("openedAt", Date.from(view.openedAt()))
                .append("sharesFrom", shares)
                .append("budgetFrom", budgets)
                .append("parties", parties.stored)
                .append("sums", flows)
                .append("costs", costs)
                .append("closed", view.closed().stream().map(FiscalYear::label).toList())
                .append("allocationUnitMinor", view.allocationUnitMinor())
                .append("splits", splits(view))
                .append("funderCurrencies", funderCurrencies(view))
                .append("closings", closings);
    }

    private static List<Document> funderCurrencies(LedgerView view) {
        List<Document> currencies = new ArrayList<>();
        view.funderCurrencies()
                .forEach((funder, currency) -> currencies.add(
                        new Document("funder", funder.value()).append("currency", currency.getCurrencyCode())));
        return currencies;
    }

    /**
     * The paying bodies of a stored view, each stored once (a funder's own line has no contributor):
     * a view of the largest arrangement the rules allow stays well inside one document.
     */
    private static final class Parties {
        final List<Document> stored = new ArrayList<>();
        private final Map<List<String>, Integer> indexes = new LinkedHashMap<>();

        int index(Funder funder, Contributor contributor) {
            String name = contributor == null ? null : contributor.value();
            return indexes.computeIfAbsent(Arrays.asList(funder.value(), name), key -> {
                stored.add(new Document("funder", funder.value()).append("contributor", name));
                return stored.size() - 1;
            });
        }
    }

    private static List<Document> closings(LedgerView view, Parties parties) {
        List<Document> closings = new ArrayList<>();
        view.closings()
                .forEach((year, closing) -> closings.add(new Document("fiscalYear", year.label())
                        .append("carryForward", carries(closing.carryForward(), parties))
                        .append("settlements", carries(closing.settlements(), parties))));
        return closings;
    }

    private static List<List<Long>> carries(List<Carry> carries, Parties parties) {
        return carries.stream()
                .map(c -> List.of(
                        (long) parties.index(c.funder(), c.contributor()),
                        c.amount().amountMinor()))
                .toList();
    }

    private static NavigableMap<FiscalYear, LedgerView.Closing> decodeClosings(
            List<Document> stored, List<Document> parties, Currency currency) {
        NavigableMap<FiscalYear, LedgerView.Closing> closings = new TreeMap<>();
        for (Document closing : stored) {
            closings.put(
                    FiscalYear.parse(closing.getString("fiscalYear")),
                    new LedgerView.Closing(
                            decodeCarries(closing.getList("carryForward", List.class), parties, currency),
                            decodeCarries(closing.getList("settlements", List.class), parties, currency)));
        }
        return closings;
    }

    @SuppressWarnings("rawtypes")
    private static List<Carry> decodeCarries(List<List> stored, List<Document> parties, Currency currency) {
        return stored.stream()
                .map(line -> {
                    Document party = parties.get(((Number) line.get(0)).intValue());
                    String contributor = party.getString("contributor");
                    return new Carry(
                            new Funder(party.getString("funder")),
                            contributor == null ? null : new Contributor(contributor),
                            new Money(((Number) line.get(1)).longValue(), currency));
                })
                .toList();
    }

    private static List<Document> splits(LedgerView view) {
        List<Document> splits = new ArrayList<>();
        view.splits()
                .forEach((funder, byYear) ->
                        byYear.forEach((from, contributors) -> splits.add(new Document("funder", funder.value())
                                .append("from", from.label())
                                .append(
                                        "contributors",
                                        contributors.stream()
                                                .map(c -> new Document(
                                                                "contributor",
                                                                c.contributor().value())
                                                        .append(
                                                                "basisPoints",
                                                                c.percent().basisPoints()))
                                                .toList()))));
        return splits;
    }

    static LedgerView decode(Document document) {
        NavigableMap<FiscalYear, Shares> shares = new TreeMap<>();
        for (Document entry : document.getList("sharesFrom", Document.class)) {
            shares.put(
                    FiscalYear.parse(entry.getString("from")),
                    new Shares(entry.getList("shares", Document.class).stream()
                            .map(s -> new Share(
                                    new Funder(s.getString("funder")), new Percent(s.getInteger("basisPoints"))))
                            .toList()));
        }
        NavigableMap<FiscalYear, Long> budgets = new TreeMap<>();
        for (Document entry : document.getList("budgetFrom", Document.class)) {
            budgets.put(FiscalYear.parse(entry.getString("from")), entry.getLong("amountMinor"));
        }
        List<Document> parties = document.getList("parties", Document.class, List.of());
        Map<LedgerView.ContributionKey, LedgerView.Flows> flows = document.containsKey("sums")
                ? decodeSums(document.getList("sums", Document.class), parties)
                : decodeContributions(document.getList("contributions", Document.class));
        NavigableMap<FiscalYear, Long> costs = new TreeMap<>();
        for (Document entry : document.getList("costs", Document.class)) {
            costs.put(FiscalYear.parse(entry.getString("fiscalYear")), entry.getLong("amountMinor"));
        }
        Currency currency = Currency.getInstance(document.getString("currency"));
        Map<Funder, Currency> funderCurrencies = new LinkedHashMap<>();
        for (Document entry : document.getList("funderCurrencies", Document.class, List.of())) {
            funderCurrencies.put(
                    new Funder(entry.getString("funder")), Currency.getInstance(entry.getString("currency")));
        }
        NavigableSet<FiscalYear> closed = new TreeSet<>();
        for (String label : document.getList("closed", String.class)) {
            closed.add(FiscalYear.parse(label));
        }
        return new LedgerView(
                document.getString("_id"),
                document.getString("name"),
                document.getString("host"),
                document.getString("basis"),
                currency,
                document.getInteger("fiscalYearStartMonth"),
                FiscalYear.parse(document.getString("firstFiscalYear")),
                FiscalYear.parse(document.getString("lastFiscalYear")),
                document.getString("decisionRef"),
                document.getDate("openedAt").toInstant(),
                document.getLong("position"),
                shares,
                budgets,
                flows,
                costs,
                closed,
                // views stored before allocation units and splits existed have neither
                document.get("allocationUnitMinor", 1L),
                decodeSplits(document.getList("splits", Document.class, List.of())),
                funderCurrencies,
                decodeClosings(document.getList("closings", Document.class, List.of()), parties, currency));
    }

    private static Map<LedgerView.ContributionKey, LedgerView.Flows> decodeSums(
            List<Document> stored, List<Document> parties) {
        Map<LedgerView.ContributionKey, LedgerView.Flows> flows = new LinkedHashMap<>();
        for (Document entry : stored) {
            Document party = parties.get(entry.getInteger("p"));
            List<Long> sums = entry.getList("s", Long.class);
            flows.put(
                    new LedgerView.ContributionKey(
                            new Funder(party.getString("funder")),
                            new Contributor(party.getString("contributor")),
                            FiscalYear.parse(entry.getString("y"))),
                    new LedgerView.Flows(
                            sums.get(0),
                            sums.get(1),
                            sums.get(2),
                            sums.get(3),
                            sums.get(4),
                            sums.get(5),
                            sums.get(6),
                            sums.get(7)));
        }
        return flows;
    }

    /** As views were stored before currencies, in-kind contributions and closes that carry (one name per entry). */
    private static Map<LedgerView.ContributionKey, LedgerView.Flows> decodeContributions(List<Document> stored) {
        Map<LedgerView.ContributionKey, LedgerView.Flows> flows = new LinkedHashMap<>();
        for (Document entry : stored) {
            flows.put(
                    new LedgerView.ContributionKey(
                            new Funder(entry.getString("funder")),
                            new Contributor(entry.getString("contributor")),
                            FiscalYear.parse(entry.getString("fiscalYear"))),
                    flows(entry));
        }
        return flows;
    }

    /**
     * Views stored before pledges existed have no pledgedMinor: nothing was pledged; before currencies and
     * in-kind contributions, every amount was in the reporting currency and in money.
     */
    private static LedgerView.Flows flows(Document entry) {
        long committed = entry.getLong("committedMinor");
        long received = entry.getLong("receivedMinor");
        long pledged = entry.get("pledgedMinor", 0L);
        return new LedgerView.Flows(
                committed,
                received,
                pledged,
                entry.get("originalCommittedMinor", committed),
                entry.get("originalReceivedMinor", received),
                entry.get("originalPledgedMinor", pledged),
                entry.get("inKindMinor", 0L),
                entry.get("offsetMinor", 0L));
    }

    private static Map<Funder, NavigableMap<FiscalYear, List<ContributorShare>>> decodeSplits(List<Document> stored) {
        Map<Funder, NavigableMap<FiscalYear, List<ContributorShare>>> splits = new LinkedHashMap<>();
        for (Document split : stored) {
            splits.computeIfAbsent(new Funder(split.getString("funder")), f -> new TreeMap<>())
                    .put(
                            FiscalYear.parse(split.getString("from")),
                            split.getList("contributors", Document.class).stream()
                                    .map(c -> new ContributorShare(
                                            new Contributor(c.getString("contributor")),
                                            new Percent(c.getInteger("basisPoints"))))
                                    .toList());
        }
        return splits;
    }
}
