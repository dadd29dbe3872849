package org.publicfunds.ledger.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.arrangement.ArrangementId;
import org.publicfunds.ledger.arrangement.ArrangementOpened;
import org.publicfunds.ledger.arrangement.ArrangementReviewed;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.CostRecorded;
import org.publicfunds.ledger.arrangement.DecisionRef;
import org.publicfunds.ledger.arrangement.EntryId;
import org.publicfunds.ledger.arrangement.EntryKind;
import org.publicfunds.ledger.arrangement.EntryReversed;
import org.publicfunds.ledger.arrangement.FiscalYearClosed;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.FundingBasis;
import org.publicfunds.ledger.arrangement.FundingCommitted;
import org.publicfunds.ledger.arrangement.FundsReceived;
import org.publicfunds.ledger.arrangement.Share;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.arrangement.balance.Balances;
import org.publicfunds.ledger.arrangement.balance.LedgerView;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.money.Percent;

/** The balance projection against the embedded MongoDB-wire server, through the real driver. */
class BalanceProjectionTest {

    static final Currency GBP = Currency.getInstance("GBP");
    static final ArrangementId CTPN = new ArrangementId("ctpn");
    static final Funder STOCKHOLM = new Funder("Stockholm");
    static final Funder LONDON = new Funder("London");
    static final Funder WASHINGTON = new Funder("Washington DC");
    static final DecisionRef ADD2634 = new DecisionRef("ADD2634");
    static final FiscalYear FY23 = FiscalYear.parse("2023-24");
    static final FiscalYear FY24 = FiscalYear.parse("2024-25");
    static final FiscalYear FY26 = FiscalYear.parse("2026-27");

    static final Instant AT = Instant.parse("2023-06-01T09:00:00Z");

    MongoServer server;
    MongoClient client;
    LedgerViewStore store;
    BalanceProjection projection;
    long position;

    @BeforeEach
    void start() {
        server = new MongoServer(H2Backend.inMemory());
        client = MongoClients.create(server.bindAndGetConnectionString());
        store = new LedgerViewStore(client.getDatabase("ledger"), "balance_views");
        projection = new BalanceProjection(store);
        projection.on(
                new ArrangementOpened(
                        CTPN,
                        "Counter-Terrorism Preparedness Network",
                        "London Fire Commissioner",
                        FundingBasis.COST_RECOVERY,
                        GBP,
                        4,
                        FY23,
                        FY26,
                        Shares.of(
                                new Share(STOCKHOLM, Percent.of(50)),
                                new Share(LONDON, Percent.of(25)),
                                new Share(WASHINGTON, Percent.of(25))),
                        gbp("151500.00"),
                        ADD2634),
                next(),
                Instant.parse("2023-04-01T09:00:00Z"),
                0);
        projection.on(
                new FundingCommitted(
                        CTPN, new EntryId("gla"), LONDON, new Contributor("GLA"), FY23, gbp("18938"), ADD2634),
                next(),
                AT,
                position - 1);
        projection.on(
                new FundingCommitted(
                        CTPN, new EntryId("lfc"), LONDON, new Contributor("LFC"), FY23, gbp("18937"), ADD2634),
                next(),
                AT,
                position - 1);
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    TrackingToken next() {
        return new GlobalSequenceTrackingToken(++position);
    }

    static Money gbp(String amount) {
        return Money.parse(amount, GBP);
    }

    Balances balances(FiscalYear year) {
        return Balances.of(store.find("ctpn").orElseThrow(), year, null);
    }

    static Balances.Row row(Balances balances, Funder funder) {
        return balances.rows().stream()
                .filter(r -> r.funder().equals(funder))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void showsTheReferenceCaseFor2023() {
        Balances balances = balances(FY23);
        Balances.Row london = row(balances, LONDON);
        assertThat(london.committed()).isEqualTo(gbp("37875.00"));
        assertThat(london.budgetShare()).contains(gbp("37875.00"));
        assertThat(london.outstanding()).isEqualTo(gbp("37875.00"));
        assertThat(london.sharePercent()).isEqualTo(Percent.of(25));
        assertThat(row(balances, STOCKHOLM).budgetShare()).contains(gbp("75750.00"));
        assertThat(row(balances, WASHINGTON).budgetShare()).contains(gbp("37875.00"));
        assertThat(balances.contributors())
                .extracting(c -> c.contributor().value() + "=" + c.committed().toPlainString())
                .containsExactly("GLA=18938.00", "LFC=18937.00");
        assertThat(balances.years()).singleElement().satisfies(year -> {
            assertThat(year.budget()).contains(gbp("151500.00"));
            assertThat(year.committed()).isEqualTo(gbp("37875.00"));
        });
    }

    @Test
    void countsAnEventDeliveredTwiceOnlyOnce() {
        TrackingToken token = next();
        FundsReceived receipt = new FundsReceived(
                CTPN, new EntryId("r1"), LONDON, new Contributor("GLA"), FY23, gbp("1000"), LocalDate.of(2023, 7, 1));
        projection.on(receipt, token, AT, 3);
        projection.on(receipt, token, AT, 3);
        projection.on(receipt, ReplayToken.createReplayToken(token, token), AT, 3);
        assertThat(row(balances(FY23), LONDON).received()).isEqualTo(gbp("1000.00"));
        assertThat(store.find("ctpn").orElseThrow().position()).isEqualTo(4);
    }

    @Test
    void sharesCostsByTheSharesInForceAndSubtractsThemFromReceipts() {
        projection.on(
                new FundsReceived(
                        CTPN,
                        new EntryId("r1"),
                        LONDON,
                        new Contributor("GLA"),
                        FY23,
                        gbp("18938"),
                        LocalDate.of(2023, 7, 1)),
                next(),
                AT,
                position - 1);
        projection.on(
                new CostRecorded(
                        CTPN,
                        new EntryId("c1"),
                        FY23,
                        "coordinator",
                        gbp("1000.01"),
                        LocalDate.of(2023, 9, 1),
                        "Coordinator"),
                next(),
                AT,
                position - 1);
        Balances balances = balances(FY23);
        // 100001 pence by 50/25/25: 50000.5, 25000.25, 25000.25 -> Stockholm has the largest remainder
        assertThat(row(balances, STOCKHOLM).costShare()).isEqualTo(gbp("500.01"));
        assertThat(row(balances, LONDON).costShare()).isEqualTo(gbp("250.00"));
        assertThat(row(balances, WASHINGTON).costShare()).isEqualTo(gbp("250.00"));
        assertThat(row(balances, LONDON).position()).isEqualTo(gbp("18688.00"));
        assertThat(row(balances, STOCKHOLM).position()).isEqualTo(gbp("500.01").negate());
        assertThat(balances.years().get(0).costs()).isEqualTo(gbp("1000.01"));
    }

    @Test
    void reversalsCancelTheOriginalEntry() {
        projection.on(
                new EntryReversed(
                        CTPN,
                        new EntryId("rev"),
                        new EntryId("gla"),
                        EntryKind.COMMITMENT,
                        FY23,
                        LONDON,
                        new Contributor("GLA"),
                        gbp("18938"),
                        "Entered in error"),
                next(),
                AT,
                position - 1);
        Balances balances = balances(FY23);
        assertThat(row(balances, LONDON).committed()).isEqualTo(gbp("18937.00"));
        assertThat(balances.contributors())
                .extracting(c -> c.contributor().value() + "=" + c.committed().toPlainString())
                .containsExactly("GLA=0.00", "LFC=18937.00");
    }

    @Test
    void reviewsChangeSharesAndBudgetFromTheirYearOnward() {
        Shares even = Shares.of(
                new Share(STOCKHOLM, new Percent(3334)),
                new Share(LONDON, new Percent(3333)),
                new Share(WASHINGTON, new Percent(3333)));
        projection.on(
                new ArrangementReviewed(
                        CTPN,
                        FY24,
                        even,
                        gbp("100000"),
                        FiscalYear.parse("2027-28"),
                        "Review",
                        new DecisionRef("R-2024")),
                next(),
                AT,
                position - 1);
        assertThat(row(balances(FY23), LONDON).sharePercent()).isEqualTo(Percent.of(25));
        Balances later = balances(FY24);
        assertThat(row(later, LONDON).sharePercent().toPlainString()).isEqualTo("33.33");
        assertThat(row(later, STOCKHOLM).budgetShare()).contains(gbp("33340.00"));
        assertThat(Balances.of(store.find("ctpn").orElseThrow(), null, null).years())
                .extracting(y -> y.fiscalYear().label())
                .containsExactly("2023-24", "2024-25", "2025-26", "2026-27", "2027-28");
    }

    @Test
    void marksClosedYearsAndFiltersByFunder() {
        projection.on(new FiscalYearClosed(CTPN, FY23), next(), AT, position - 1);
        Balances londonOnly = Balances.of(store.find("ctpn").orElseThrow(), null, LONDON);
        assertThat(londonOnly.rows()).hasSize(4).allMatch(r -> r.funder().equals(LONDON));
        assertThat(londonOnly.years().get(0).closed()).isTrue();
        assertThat(londonOnly.years().get(1).closed()).isFalse();
    }

    @Test
    void storesAndReadsBackTheSameView() {
        LedgerView view = store.find("ctpn").orElseThrow();
        assertThat(LedgerViewStore.decode(LedgerViewStore.encode(view))).isEqualTo(view);
        LedgerViewStore fresh = new LedgerViewStore(client.getDatabase("ledger"), "balance_views");
        assertThat(fresh.findAll()).containsExactly(view);
    }

    @Test
    void awaitsAPositionAndGivesUpAfterTheTimeout() throws Exception {
        assertThat(store.awaitPosition("ctpn", 3, Duration.ofMillis(10))).isTrue();
        assertThat(store.awaitPosition("ctpn", 4, Duration.ofMillis(50))).isFalse();
        Thread later = new Thread(
                () -> projection.on(new FiscalYearClosed(CTPN, FY23), new GlobalSequenceTrackingToken(4), AT, 3));
        later.start();
        assertThat(store.awaitPosition("ctpn", 4, Duration.ofSeconds(5))).isTrue();
        later.join();
        assertThat(List.of(store.find("ctpn").orElseThrow().closed().first())).containsExactly(FY23);
    }

    /**
     * Another instance (a second store and projection on the same collection) folded an event
     * while this one did not hold the segment. This one's next event is not folded over the view
     * it wrote last: the conditional write is refused, the view forgotten, and the event delivered
     * again is folded over the stored one.
     */
    @Test
    void aViewAnotherInstanceChangedIsReadAgainNotFoldedOver() {
        LedgerViewStore otherStore = new LedgerViewStore(client.getDatabase("ledger"), "balance_views");
        BalanceProjection other = new BalanceProjection(otherStore);
        FundsReceived byOther = new FundsReceived(
                CTPN, new EntryId("r1"), LONDON, new Contributor("GLA"), FY23, gbp("1000"), LocalDate.of(2023, 7, 1));
        other.on(byOther, next(), AT, 3);
        FundsReceived byThis = new FundsReceived(
                CTPN, new EntryId("r2"), LONDON, new Contributor("LFC"), FY23, gbp("500"), LocalDate.of(2023, 7, 2));
        TrackingToken token = next();

        assertThatThrownBy(() -> projection.on(byThis, token, AT, 4)).hasMessageContaining("changed by another writer");
        assertThat(row(balances(FY23), LONDON).received()).isEqualTo(gbp("1000.00"));

        projection.on(byThis, token, AT, 4);
        assertThat(row(balances(FY23), LONDON).received()).isEqualTo(gbp("1500.00"));
        assertThat(store.find("ctpn").orElseThrow().position()).isEqualTo(5);
    }

    /**
     * Another instance folded the same event to the same position from a view that was current,
     * this one from the view it wrote before (missing an event): the two views share a position,
     * not their figures. Its conditional write is refused, and its view is not taken for written.
     */
    @Test
    void aViewOfTheSamePositionFoldedFromAnotherViewIsNotTakenForWritten() {
        BalanceProjection other =
                new BalanceProjection(new LedgerViewStore(client.getDatabase("ledger"), "balance_views"));
        FundsReceived missed = new FundsReceived(
                CTPN, new EntryId("r1"), LONDON, new Contributor("GLA"), FY23, gbp("1000"), LocalDate.of(2023, 7, 1));
        other.on(missed, next(), AT, 3);
        TrackingToken both = next();
        FundsReceived seenByBoth = new FundsReceived(
                CTPN, new EntryId("r2"), LONDON, new Contributor("LFC"), FY23, gbp("500"), LocalDate.of(2023, 7, 2));
        other.on(seenByBoth, both, AT, 4);

        assertThatThrownBy(() -> projection.on(seenByBoth, both, AT, 4))
                .hasMessageContaining("changed by another writer");
        assertThat(store.lastWritten("ctpn")).isEmpty();
        projection.on(seenByBoth, both, AT, 4);
        assertThat(row(balances(FY23), LONDON).received()).isEqualTo(gbp("1500.00"));
        assertThat(store.lastWritten("ctpn")).isEmpty();
    }

    /**
     * A batch's views are written together as its unit of work commits; when another writer
     * changed one of them, the others are written (and reported to listeners), the batch fails,
     * and delivered again it folds only what is missing.
     */
    @Test
    void aBatchWritesItsViewsTogetherAndAConflictOnOneKeepsTheOthers() throws Exception {
        ArrangementId other = new ArrangementId("other");
        projection.on(opened(other), next(), AT, 0);
        List<String> reported = new java.util.concurrent.CopyOnWriteArrayList<>();
        store.whenApplied(view -> reported.add(view.arrangementId() + "@" + view.position()));

        // another instance moves ctpn on meanwhile
        new BalanceProjection(new LedgerViewStore(client.getDatabase("ledger"), "balance_views"))
                .on(new FiscalYearClosed(CTPN, FY23), next(), AT, 3);
        TrackingToken ctpnCost = next();
        TrackingToken otherCommitment = next();
        CostRecorded cost = new CostRecorded(
                CTPN, new EntryId("c1"), FY24, "Secretariat", gbp("100"), LocalDate.of(2024, 5, 1), "Secretariat");
        FundingCommitted commitment = new FundingCommitted(
                other, new EntryId("o1"), LONDON, new Contributor("London"), FY23, gbp("10"), ADD2634);

        var batch = org.axonframework.messaging.unitofwork.DefaultUnitOfWork.startAndGet(
                org.axonframework.eventhandling.GenericEventMessage.asEventMessage("batch"));
        projection.on(cost, ctpnCost, AT, 4);
        projection.on(commitment, otherCommitment, AT, 1);
        assertThatThrownBy(batch::commit).hasMessageContaining("changed by another writer");
        assertThat(reported).containsExactly("other@" + position);
        assertThat(store.find("other").orElseThrow().position()).isEqualTo(position);
        assertThat(store.find("ctpn").orElseThrow().position()).isEqualTo(position - 2);

        var again = org.axonframework.messaging.unitofwork.DefaultUnitOfWork.startAndGet(
                org.axonframework.eventhandling.GenericEventMessage.asEventMessage("batch"));
        projection.on(cost, ctpnCost, AT, 4);
        projection.on(commitment, otherCommitment, AT, 1);
        again.commit();
        assertThat(reported).containsExactly("other@" + position, "ctpn@" + (position - 1));
        LedgerView ctpn = store.find("ctpn").orElseThrow();
        assertThat(ctpn.closed()).contains(FY23);
        assertThat(ctpn.position()).isEqualTo(position - 1);
        assertThat(row(Balances.of(store.find("other").orElseThrow(), FY23, null), LONDON)
                        .committed())
                .isEqualTo(gbp("10.00"));
    }

    /**
     * A wait for a view this instance has in memory at an earlier position still sees one another
     * instance wrote: it reads the store every 20 ms.
     */
    @Test
    void awaitsAPositionAnotherInstanceWrote() throws Exception {
        new BalanceProjection(new LedgerViewStore(client.getDatabase("ledger"), "balance_views"))
                .on(new FiscalYearClosed(CTPN, FY23), next(), AT, 3);
        assertThat(store.awaitPosition("ctpn", position, Duration.ofSeconds(2))).isTrue();
        LedgerViewStore fresh = new LedgerViewStore(client.getDatabase("ledger"), "balance_views");
        assertThat(fresh.awaitPosition("ctpn", position, Duration.ofMillis(1))).isTrue();
        assertThat(fresh.awaitPosition("ctpn", position + 1, Duration.ofMillis(60)))
                .isFalse();
    }

    /**
     * A query is answered from memory only while this instance holds the arrangement and its
     * claims have not changed since it wrote the view; otherwise from the store. (The stored view
     * is deleted behind the store's back to tell the two apart.)
     */
    @Test
    void answersFromMemoryOnlyWhileItHoldsTheArrangementWithoutABreak() {
        LedgerView written = store.find("ctpn").orElseThrow();
        client.getDatabase("ledger").getCollection("balance_views").deleteMany(new org.bson.Document());

        assertThat(store.current("ctpn")).as("holding nothing: the store").isEmpty();
        store.answerFromMemoryWhile(id -> id.equals("ctpn"));
        assertThat(store.current("ctpn")).contains(written);
        assertThat(store.current("other")).isEmpty();

        store.claimsChanged();
        assertThat(store.current("ctpn"))
                .as("claims changed since the write: the store")
                .isEmpty();
        // a view written after the change: from memory again
        store.answerFromMemoryWhile(id -> true);
        projection.on(opened(new ArrangementId("other")), next(), AT, 0);
        client.getDatabase("ledger").getCollection("balance_views").deleteMany(new org.bson.Document());
        assertThat(store.current("other").orElseThrow().position()).isEqualTo(position);
        assertThat(store.current("ctpn")).isEmpty();
    }

    static ArrangementOpened opened(ArrangementId id) {
        return new ArrangementOpened(
                id,
                "Other",
                "Host",
                FundingBasis.COST_RECOVERY,
                GBP,
                4,
                FY23,
                FY26,
                Shares.of(new Share(STOCKHOLM, Percent.of(50)), new Share(LONDON, Percent.of(50))),
                gbp("1000.00"),
                ADD2634);
    }
}
