package org.publicfunds.ledger.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.Currency;
import java.util.List;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.arrangement.ArrangementId;
import org.publicfunds.ledger.arrangement.ArrangementOpened;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.DecisionRef;
import org.publicfunds.ledger.arrangement.EntryId;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.FundingBasis;
import org.publicfunds.ledger.arrangement.FundingCommitted;
import org.publicfunds.ledger.arrangement.FundingPledged;
import org.publicfunds.ledger.arrangement.Share;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.arrangement.balance.Balances;
import org.publicfunds.ledger.arrangement.balance.LedgerView;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.money.Percent;

/** A view document stored before pledges existed still loads, with nothing pledged; a new one keeps its pledges. */
class StoredViewCompatibilityTest {

    static final Currency GBP = Currency.getInstance("GBP");
    static final ArrangementId ID = new ArrangementId("old");
    static final Funder LONDON = new Funder("London");
    static final FiscalYear FY = FiscalYear.parse("2024-25");

    @Test
    void aViewWithoutPledgedFiguresLoadsWithNothingPledged() {
        LedgerView opened = LedgerView.opened(
                new ArrangementOpened(
                        ID,
                        "Old",
                        "Host",
                        FundingBasis.COST_RECOVERY,
                        GBP,
                        4,
                        FY,
                        FY,
                        Shares.of(new Share(LONDON, Percent.of(100))),
                        null,
                        new DecisionRef("D")),
                1,
                Instant.parse("2024-05-01T00:00:00Z"));
        LedgerView committed = LedgerView.fold(
                opened,
                new FundingCommitted(
                        ID,
                        new EntryId("c"),
                        LONDON,
                        new Contributor("GLA"),
                        FY,
                        Money.parse("10", GBP),
                        new DecisionRef("D")),
                2,
                Instant.parse("2024-05-02T00:00:00Z"));
        LedgerView view = LedgerView.fold(
                committed,
                new FundingPledged(
                        ID, new EntryId("p"), LONDON, new Contributor("GLA"), FY, Money.parse("7", GBP), null),
                3,
                Instant.parse("2024-05-03T00:00:00Z"));
        Document stored = LedgerViewStore.encode(view);
        assertThat(LedgerViewStore.decode(stored).contributions().values())
                .extracting(LedgerView.Flows::pledgedMinor)
                .containsExactly(700L);

        // as written before pledges: one document per contributor and year, no pledgedMinor field, nothing of
        // currencies, in kind or closings
        stored.remove("sums");
        stored.remove("parties");
        stored.remove("funderCurrencies");
        stored.remove("closings");
        stored.append(
                "contributions",
                List.of(new Document("funder", "London")
                        .append("contributor", "GLA")
                        .append("fiscalYear", "2024-25")
                        .append("committedMinor", 1000L)
                        .append("receivedMinor", 0L)));
        LedgerView old = LedgerViewStore.decode(stored);
        assertThat(old.contributions().values())
                .extracting(
                        LedgerView.Flows::committedMinor,
                        LedgerView.Flows::pledgedMinor,
                        LedgerView.Flows::originalCommittedMinor,
                        LedgerView.Flows::inKindMinor)
                .containsExactly(tuple(1000L, 0L, 1000L, 0L));
        assertThat(Balances.of(old, null, null).rows().get(0).broughtForward().amountMinor())
                .isZero();
        assertThat(Balances.of(old, null, null).rows().get(0).original()).isEmpty();
        assertThat(List.copyOf(Balances.of(old, null, null).rows())
                        .get(0)
                        .pledged()
                        .amountMinor())
                .isZero();
    }
}
