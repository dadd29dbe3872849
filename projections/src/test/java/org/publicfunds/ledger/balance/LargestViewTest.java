package org.publicfunds.ledger.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.junit.jupiter.api.Test;
import org.publicfunds.ledger.arrangement.Arrangement;
import org.publicfunds.ledger.arrangement.Carry;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.Share;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.arrangement.balance.LedgerView;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.money.Percent;

/**
 * R4: an arrangement's balances are one document, and MongoDB refuses documents over 16 MB. The
 * ledger's limits (term, funders, paying bodies, name lengths) keep the largest possible view,
 * with the longest names in three-byte characters, well below that.
 */
class LargestViewTest {

    static final Currency GBP = Currency.getInstance("GBP");

    static final int MONGO_LIMIT_BYTES = 16 * 1024 * 1024;

    @Test
    void theLargestViewTheRulesAllowFitsInOneDocument() {
        FiscalYear first = FiscalYear.parse("2023-24");
        List<FiscalYear> years = first.through(FiscalYear.parse("2072-73"));
        assertThat(years).hasSize(Arrangement.MAX_TERM_YEARS);
        String longest = "語".repeat(100);
        List<Share> shares = new ArrayList<>();
        for (int f = 0; f < Shares.MAX_FUNDERS; f++) {
            shares.add(new Share(new Funder(longest.substring(3) + f), new Percent(10000 / Shares.MAX_FUNDERS)));
        }
        TreeMap<FiscalYear, Shares> sharesFrom = new TreeMap<>();
        TreeMap<FiscalYear, Long> budgets = new TreeMap<>();
        TreeMap<FiscalYear, Long> costs = new TreeMap<>();
        Map<LedgerView.ContributionKey, LedgerView.Flows> contributions = new LinkedHashMap<>();
        // every year closed, carrying each funder's position and each contributor's
        TreeMap<FiscalYear, LedgerView.Closing> closings = new TreeMap<>();
        for (FiscalYear year : years) {
            List<Carry> lines = new ArrayList<>();
            for (int f = 0; f < Shares.MAX_FUNDERS; f++) {
                lines.add(new Carry(new Funder(longest.substring(3) + f), null, new Money(Long.MIN_VALUE / 4, GBP)));
            }
            for (int c = 0; c < Arrangement.MAX_CONTRIBUTORS; c++) {
                lines.add(new Carry(
                        new Funder(longest.substring(3) + (c % Shares.MAX_FUNDERS)),
                        new Contributor(longest.substring(3) + c),
                        new Money(Long.MIN_VALUE / 4, GBP)));
            }
            closings.put(year, new LedgerView.Closing(lines, List.of()));
            sharesFrom.put(year, new Shares(shares));
            budgets.put(year, Long.MAX_VALUE / 4);
            costs.put(year, Long.MAX_VALUE / 4);
            for (int c = 0; c < Arrangement.MAX_CONTRIBUTORS; c++) {
                contributions.put(
                        new LedgerView.ContributionKey(
                                new Funder(longest.substring(3) + (c % Shares.MAX_FUNDERS)),
                                new Contributor(longest.substring(3) + c),
                                year),
                        new LedgerView.Flows(
                                Long.MAX_VALUE / 4,
                                Long.MAX_VALUE / 4,
                                Long.MAX_VALUE / 4,
                                Long.MAX_VALUE / 4,
                                Long.MAX_VALUE / 4,
                                Long.MAX_VALUE / 4,
                                Long.MAX_VALUE / 4,
                                Long.MAX_VALUE / 4));
            }
        }
        LedgerView view = new LedgerView(
                "a".repeat(64),
                "名".repeat(200),
                "名".repeat(200),
                "COST_RECOVERY",
                GBP,
                4,
                first,
                years.get(years.size() - 1),
                "名".repeat(100),
                Instant.now(),
                Long.MAX_VALUE,
                sharesFrom,
                budgets,
                contributions,
                costs,
                new TreeSet<>(years),
                Long.MAX_VALUE / 4,
                Map.of(),
                Map.of(),
                closings);
        int bytes = new RawBsonDocument(LedgerViewStore.encode(view), new DocumentCodec())
                .getByteBuffer()
                .remaining();
        assertThat(bytes).isLessThan(MONGO_LIMIT_BYTES / 2);
    }
}
