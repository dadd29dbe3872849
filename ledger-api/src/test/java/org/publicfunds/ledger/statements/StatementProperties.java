package org.publicfunds.ledger.statements;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.publicfunds.ledger.arrangement.ArrangementEvent;
import org.publicfunds.ledger.arrangement.ArrangementId;
import org.publicfunds.ledger.arrangement.ArrangementOpened;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.ContributorShare;
import org.publicfunds.ledger.arrangement.ContributorSharesSet;
import org.publicfunds.ledger.arrangement.CostRecorded;
import org.publicfunds.ledger.arrangement.DecisionRef;
import org.publicfunds.ledger.arrangement.EntryId;
import org.publicfunds.ledger.arrangement.EntryKind;
import org.publicfunds.ledger.arrangement.EntryReversed;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.FunderCurrencySet;
import org.publicfunds.ledger.arrangement.FundingBasis;
import org.publicfunds.ledger.arrangement.FundsReceived;
import org.publicfunds.ledger.arrangement.InKindRecorded;
import org.publicfunds.ledger.arrangement.Share;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.arrangement.Treatment;
import org.publicfunds.ledger.arrangement.balance.Balances;
import org.publicfunds.ledger.arrangement.balance.LedgerView;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.money.Percent;

/**
 * A statement's closing is its balance row's position at the same point, for a funder and for a
 * contributor of a split share, at any point of a generated history; and its lines add up.
 */
class StatementProperties {

    static final Currency GBP = Currency.getInstance("GBP");
    static final Currency SEK = Currency.getInstance("SEK");
    static final ArrangementId ID = new ArrangementId("p");
    static final FiscalYear FY = FiscalYear.parse("2023-24");
    static final Funder STOCKHOLM = new Funder("Stockholm");
    static final Funder LONDON = new Funder("London");
    static final Contributor GLA = new Contributor("GLA");
    static final Contributor LFC = new Contributor("LFC");

    private static long minor(String amount) {
        long absolute = Money.parse(amount.replace("-", ""), GBP).amountMinor();
        return amount.startsWith("-") ? -absolute : absolute;
    }

    record Step(int kind, boolean london, boolean gla, long minor) {}

    @Provide
    Arbitrary<List<Step>> histories() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false),
                        Arbitraries.longs().between(1, 1_000_000_000L))
                .as(Step::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(40);
    }

    @Property(tries = 300)
    void aStatementsClosingIsItsRowsPositionAtTheSamePoint(
            @ForAll("histories") List<Step> steps, @ForAll @IntRange(min = 0, max = 100) int cut) {
        List<ArrangementEvent> events = new ArrayList<>();
        events.add(new ArrangementOpened(
                ID,
                "P",
                "H",
                FundingBasis.COST_RECOVERY,
                GBP,
                4,
                FY,
                FY.next(),
                Shares.of(new Share(STOCKHOLM, Percent.of(60)), new Share(LONDON, Percent.of(40))),
                null,
                new DecisionRef("D")));
        events.add(new FunderCurrencySet(ID, STOCKHOLM, SEK));
        events.add(new ContributorSharesSet(
                ID,
                FY,
                LONDON,
                List.of(new ContributorShare(GLA, Percent.of(50)), new ContributorShare(LFC, Percent.of(50)))));
        List<EntryId> reversible = new ArrayList<>();
        int n = 0;
        for (Step step : steps) {
            EntryId id = new EntryId("e" + n++);
            Funder funder = step.london() ? LONDON : STOCKHOLM;
            Contributor contributor = step.london() ? (step.gla() ? GLA : LFC) : new Contributor("Stockholm");
            Money pounds = new Money(step.minor(), GBP);
            switch (step.kind()) {
                case 0 -> {
                    Money own = step.london() ? pounds : new Money(step.minor() * 13, SEK);
                    events.add(new FundsReceived(
                            ID, id, funder, contributor, FY, own, LocalDate.EPOCH, pounds, null, null));
                    reversible.add(id);
                }
                case 1 -> events.add(new CostRecorded(ID, id, FY, "cost", pounds, LocalDate.EPOCH, "a cost"));
                case 2 -> {
                    events.add(new InKindRecorded(
                            ID, id, funder, contributor, FY, "conference", pounds, "c", Treatment.OFFSET));
                    reversible.add(id);
                }
                case 3 ->
                    events.add(
                            new InKindRecorded(ID, id, funder, contributor, FY, "report", pounds, "r", Treatment.MEMO));
                default -> {
                    if (!reversible.isEmpty()) {
                        EntryId reversed = reversible.remove(0);
                        ArrangementEvent original = events.stream()
                                .filter(e -> e instanceof FundsReceived r
                                                && r.entryId().equals(reversed)
                                        || e instanceof InKindRecorded k
                                                && k.entryId().equals(reversed))
                                .findFirst()
                                .orElseThrow();
                        if (original instanceof FundsReceived r) {
                            events.add(new EntryReversed(
                                    ID,
                                    id,
                                    reversed,
                                    EntryKind.RECEIPT,
                                    FY,
                                    r.funder(),
                                    r.contributor(),
                                    r.amount(),
                                    "wrong",
                                    r.reportingAmount(),
                                    null));
                        } else if (original instanceof InKindRecorded k) {
                            events.add(new EntryReversed(
                                    ID,
                                    id,
                                    reversed,
                                    EntryKind.IN_KIND,
                                    FY,
                                    k.funder(),
                                    k.contributor(),
                                    k.value(),
                                    "wrong",
                                    k.value(),
                                    k.treatment()));
                        }
                    }
                }
            }
        }
        // the point asked for: somewhere in the history, after the opening events
        int upTo = 3 + (events.size() - 3) * cut / 100;
        List<EventLog.PositionedEvent> positioned = new ArrayList<>();
        LedgerView view = null;
        for (int i = 0; i < upTo; i++) {
            positioned.add(new EventLog.PositionedEvent(
                    i + 1, i, Instant.EPOCH.plusSeconds(i), Instant.EPOCH.plusSeconds(i), events.get(i)));
            view = LedgerView.fold(view, events.get(i), i + 1, Instant.EPOCH.plusSeconds(i));
        }
        Balances balances = Balances.of(view, FY, null);
        for (Funder funder : List.of(STOCKHOLM, LONDON)) {
            Statement statement = Statements.of("p", funder, null, FY, positioned, upTo, "h");
            Balances.Row row = balances.rows().stream()
                    .filter(r -> r.funder().equals(funder))
                    .findFirst()
                    .orElseThrow();
            assertThat(statement.closing()).isEqualTo(row.position().toPlainString());
            assertThat(statement.totals().received()).isEqualTo(row.received().toPlainString());
            // the receipts among the lines, less their reversals, are what the row says was received
            Set<String> receipts = new HashSet<>();
            long received = 0;
            for (Statement.Line line : statement.lines()) {
                if (line.kind().equals("receipt")) {
                    receipts.add(line.entryId());
                    received += minor(line.amount());
                } else if (line.kind().equals("reversal")
                        && receipts.contains(line.description()
                                .substring(
                                        "reverses ".length(), line.description().indexOf(':')))) {
                    received += minor(line.amount());
                }
            }
            assertThat(received).isEqualTo(row.received().amountMinor());
        }
        for (Contributor contributor : List.of(GLA, LFC)) {
            Statement statement = Statements.of("p", LONDON, contributor, FY, positioned, upTo, "h");
            Balances.ContributorRow row = balances.contributors().stream()
                    .filter(c -> c.contributor().equals(contributor))
                    .findFirst()
                    .orElseThrow();
            assertThat(statement.closing())
                    .isEqualTo(row.position().orElseThrow().toPlainString());
        }
    }
}
