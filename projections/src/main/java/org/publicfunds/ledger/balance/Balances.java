package org.publicfunds.ledger.balance;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.money.Percent;

/**
 * The balances of one arrangement (LEDGER.md section 4), derived from a {@link LedgerView}:
 * one row per funder and fiscal year of the term, the contributors' flows, and per-year totals.
 */
public record Balances(
        String arrangementId,
        String currency,
        long position,
        List<Row> rows,
        List<ContributorRow> contributors,
        List<Year> years) {

    /**
     * budgetShare is empty when the year has no budget, and so is uncommitted (budgetShare -
     * committed, negative when over-committed). pledged is what open pledges indicate.
     */
    public record Row(
            Funder funder,
            FiscalYear fiscalYear,
            Percent sharePercent,
            Optional<Money> budgetShare,
            Money committed,
            Money received,
            Money outstanding,
            Money costShare,
            Money position,
            Money pledged,
            Optional<Money> uncommitted) {}

    public record ContributorRow(
            Funder funder,
            Contributor contributor,
            FiscalYear fiscalYear,
            Money committed,
            Money received,
            Money pledged) {}

    /** budget is empty when the year has no budget. */
    public record Year(
            FiscalYear fiscalYear,
            Optional<Money> budget,
            Money committed,
            Money received,
            Money costs,
            boolean closed) {}

    /** Filters are optional: null means every fiscal year, every funder. */
    public static Balances of(LedgerView view, FiscalYear onlyYear, Funder onlyFunder) {
        List<Row> rows = new ArrayList<>();
        List<ContributorRow> contributors = new ArrayList<>();
        List<Year> years = new ArrayList<>();
        for (FiscalYear year : view.firstFiscalYear().through(view.lastFiscalYear())) {
            if (onlyYear != null && !onlyYear.equals(year)) {
                continue;
            }
            Shares shares = view.sharesIn(year);
            Optional<Money> budget = view.budgetInMinor(year).map(minor -> money(view, minor));
            Money costs = money(view, view.costsInMinor(year));
            List<Money> budgetShares = budget.map(shares::allocate).orElse(null);
            List<Money> costShares = costs.isPositive() ? shares.allocate(costs) : null;

            Set<Funder> funders = new LinkedHashSet<>(shares.funders());
            view.contributions().keySet().stream()
                    .filter(k -> k.fiscalYear().equals(year))
                    .forEach(k -> funders.add(k.funder()));
            Money yearCommitted = money(view, 0);
            Money yearReceived = money(view, 0);
            for (Funder funder : funders) {
                int index = shares.funders().indexOf(funder);
                long committed = 0;
                long received = 0;
                long pledged = 0;
                for (var entry : view.contributions().entrySet()) {
                    if (entry.getKey().funder().equals(funder)
                            && entry.getKey().fiscalYear().equals(year)) {
                        committed += entry.getValue().committedMinor();
                        received += entry.getValue().receivedMinor();
                        pledged += entry.getValue().pledgedMinor();
                        if (onlyFunder == null || onlyFunder.equals(funder)) {
                            contributors.add(new ContributorRow(
                                    funder,
                                    entry.getKey().contributor(),
                                    year,
                                    money(view, entry.getValue().committedMinor()),
                                    money(view, entry.getValue().receivedMinor()),
                                    money(view, entry.getValue().pledgedMinor())));
                        }
                    }
                }
                yearCommitted = yearCommitted.plus(money(view, committed));
                yearReceived = yearReceived.plus(money(view, received));
                if (onlyFunder != null && !onlyFunder.equals(funder)) {
                    continue;
                }
                Percent percent =
                        index < 0 ? Percent.ZERO : shares.shares().get(index).percent();
                Optional<Money> budgetShare = budgetShares == null
                        ? Optional.empty()
                        : Optional.of(index < 0 ? money(view, 0) : budgetShares.get(index));
                Money costShare = costShares == null || index < 0 ? money(view, 0) : costShares.get(index);
                Money committedMoney = money(view, committed);
                Money receivedMoney = money(view, received);
                rows.add(new Row(
                        funder,
                        year,
                        percent,
                        budgetShare,
                        committedMoney,
                        receivedMoney,
                        committedMoney.minus(receivedMoney),
                        costShare,
                        receivedMoney.minus(costShare),
                        money(view, pledged),
                        budgetShare.map(share -> share.minus(committedMoney))));
            }
            years.add(new Year(
                    year,
                    budget,
                    yearCommitted,
                    yearReceived,
                    costs,
                    view.closed().contains(year)));
        }
        return new Balances(
                view.arrangementId(), view.currency().getCurrencyCode(), view.position(), rows, contributors, years);
    }

    private static Money money(LedgerView view, long minor) {
        return new Money(minor, view.currency());
    }
}
