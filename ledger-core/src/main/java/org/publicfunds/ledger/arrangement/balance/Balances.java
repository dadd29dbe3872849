package org.publicfunds.ledger.arrangement.balance;

import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.publicfunds.ledger.arrangement.Carry;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.ContributorShare;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.Share;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Allocation;
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
     * committed, negative when over-committed). pledged is what open pledges indicate. Amounts are
     * in the reporting currency; {@code currency} is the funder's and {@code original} its figures
     * in it. position = broughtForward + received + inKind OFFSET - costShare (LEDGER.md 8.6);
     * carriedForward or settlement once the year is closed with one.
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
            Optional<Money> uncommitted,
            String currency,
            Optional<Original> original,
            Money inKind,
            Money broughtForward,
            Optional<Money> carriedForward,
            Optional<Money> settlement) {}

    /** A funder's figures in its own currency, when it is not the reporting one (LEDGER.md 8.4). */
    public record Original(Money committed, Money received, Money outstanding, Money pledged) {

        static Optional<Original> of(LedgerView view, Funder funder, long committed, long received, long pledged) {
            Currency own = view.currencyOf(funder);
            if (own.equals(view.currency())) {
                return Optional.empty();
            }
            return Optional.of(new Original(
                    new Money(committed, own),
                    new Money(received, own),
                    new Money(committed - received, own),
                    new Money(pledged, own)));
        }
    }

    /**
     * One contributor of a funder in a year. For a funder whose share is split, the contributors
     * of the split also have their percent of the funder's part, their budget share and cost share
     * (the funder's allocated again, in the arrangement's unit) and their position.
     */
    public record ContributorRow(
            Funder funder,
            Contributor contributor,
            FiscalYear fiscalYear,
            Money committed,
            Money received,
            Money pledged,
            Optional<Percent> sharePercent,
            Optional<Money> budgetShare,
            Optional<Money> costShare,
            Optional<Money> position,
            String currency,
            Optional<Original> original,
            Money inKind,
            Money broughtForward,
            Optional<Money> carriedForward,
            Optional<Money> settlement) {}

    /** budget is empty when the year has no budget. */
    public record Year(
            FiscalYear fiscalYear,
            Optional<Money> budget,
            Money committed,
            Money received,
            Money costs,
            boolean closed,
            Money inKind) {}

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
            long unit = view.allocationUnitMinor();
            List<Percent> percents =
                    shares.shares().stream().map(Share::percent).toList();
            long[] budgetShares = budget.map(b -> Allocation.split(b.amountMinor(), percents, unit))
                    .orElse(null);
            long[] costShares = costs.isPositive() ? Allocation.split(costs.amountMinor(), percents, unit) : null;

            Set<Funder> funders = new LinkedHashSet<>(shares.funders());
            view.contributions().keySet().stream()
                    .filter(k -> k.fiscalYear().equals(year))
                    .forEach(k -> funders.add(k.funder()));
            // a funder (or contributor) that no longer has a share still has what was carried in
            List<Carry> carriedIn = view.closing(new FiscalYear(year.startYear() - 1))
                    .map(LedgerView.Closing::carryForward)
                    .orElse(List.of());
            carriedIn.forEach(c -> funders.add(c.funder()));
            Money yearCommitted = money(view, 0);
            Money yearReceived = money(view, 0);
            Money yearInKind = money(view, 0);
            for (Funder funder : funders) {
                int index = shares.funders().indexOf(funder);
                // the contributors of the year's split first, in its order, then any other with entries
                List<ContributorShare> split = index < 0 ? List.of() : view.splitIn(funder, year);
                Map<Contributor, LedgerView.Flows> flows = new LinkedHashMap<>();
                for (ContributorShare share : split) {
                    flows.put(share.contributor(), new LedgerView.Flows(0, 0, 0));
                }
                for (var carried : carriedIn) {
                    if (carried.funder().equals(funder) && carried.contributor() != null) {
                        flows.putIfAbsent(carried.contributor(), new LedgerView.Flows(0, 0, 0));
                    }
                }
                for (var entry : view.contributions().entrySet()) {
                    if (entry.getKey().funder().equals(funder)
                            && entry.getKey().fiscalYear().equals(year)) {
                        flows.put(entry.getKey().contributor(), entry.getValue());
                    }
                }
                long committed = sum(flows, LedgerView.Flows::committedMinor);
                long received = sum(flows, LedgerView.Flows::receivedMinor);
                long pledged = sum(flows, LedgerView.Flows::pledgedMinor);
                yearInKind = yearInKind.plus(money(view, sum(flows, LedgerView.Flows::inKindMinor)));
                yearCommitted = yearCommitted.plus(money(view, committed));
                yearReceived = yearReceived.plus(money(view, received));
                if (onlyFunder != null && !onlyFunder.equals(funder)) {
                    continue;
                }
                Percent percent =
                        index < 0 ? Percent.ZERO : shares.shares().get(index).percent();
                Optional<Money> budgetShare = budgetShares == null
                        ? Optional.empty()
                        : Optional.of(money(view, index < 0 ? 0 : budgetShares[index]));
                Money costShare = money(view, costShares == null || index < 0 ? 0 : costShares[index]);
                // a split funder's part allocated again among its contributors, in the same unit
                List<Percent> subPercents =
                        split.stream().map(ContributorShare::percent).toList();
                long[] subBudget = split.isEmpty() || budgetShare.isEmpty()
                        ? null
                        : Allocation.split(budgetShare.get().amountMinor(), subPercents, unit);
                long[] subCost = split.isEmpty() ? null : Allocation.split(costShare.amountMinor(), subPercents, unit);
                int at = 0;
                for (Map.Entry<Contributor, LedgerView.Flows> flow : flows.entrySet()) {
                    int place = at++;
                    boolean inSplit = place < split.size();
                    Contributor contributor = flow.getKey();
                    LedgerView.Flows f = flow.getValue();
                    Money contributorCost = inSplit ? money(view, subCost[place]) : null;
                    Money contributorReceived = money(view, f.receivedMinor());
                    Money broughtForward = money(view, view.broughtForwardMinor(funder, contributor, year));
                    contributors.add(new ContributorRow(
                            funder,
                            contributor,
                            year,
                            money(view, f.committedMinor()),
                            contributorReceived,
                            money(view, f.pledgedMinor()),
                            inSplit ? Optional.of(split.get(place).percent()) : Optional.empty(),
                            inSplit && subBudget != null
                                    ? Optional.of(money(view, subBudget[place]))
                                    : Optional.empty(),
                            Optional.ofNullable(contributorCost),
                            Optional.ofNullable(contributorCost)
                                    .map(cost -> broughtForward
                                            .plus(contributorReceived)
                                            .plus(money(view, f.offsetMinor()))
                                            .minus(cost)),
                            view.currencyOf(funder).getCurrencyCode(),
                            Original.of(
                                    view,
                                    funder,
                                    f.originalCommittedMinor(),
                                    f.originalReceivedMinor(),
                                    f.originalPledgedMinor()),
                            money(view, f.inKindMinor()),
                            broughtForward,
                            closedLine(view, year, funder, contributor, false),
                            closedLine(view, year, funder, contributor, true)));
                }
                Money committedMoney = money(view, committed);
                Money receivedMoney = money(view, received);
                Money broughtForward = money(view, view.broughtForwardMinor(funder, null, year));
                rows.add(new Row(
                        funder,
                        year,
                        percent,
                        budgetShare,
                        committedMoney,
                        receivedMoney,
                        committedMoney.minus(receivedMoney),
                        costShare,
                        broughtForward
                                .plus(receivedMoney)
                                .plus(money(view, sum(flows, LedgerView.Flows::offsetMinor)))
                                .minus(costShare),
                        money(view, pledged),
                        budgetShare.map(share -> share.minus(committedMoney)),
                        view.currencyOf(funder).getCurrencyCode(),
                        Original.of(
                                view,
                                funder,
                                sum(flows, LedgerView.Flows::originalCommittedMinor),
                                sum(flows, LedgerView.Flows::originalReceivedMinor),
                                sum(flows, LedgerView.Flows::originalPledgedMinor)),
                        money(view, sum(flows, LedgerView.Flows::inKindMinor)),
                        broughtForward,
                        closedLine(view, year, funder, null, false),
                        closedLine(view, year, funder, null, true)));
            }
            years.add(new Year(
                    year,
                    budget,
                    yearCommitted,
                    yearReceived,
                    costs,
                    view.closed().contains(year),
                    yearInKind));
        }
        return new Balances(
                view.arrangementId(), view.currency().getCurrencyCode(), view.position(), rows, contributors, years);
    }

    private static long sum(Map<Contributor, LedgerView.Flows> flows, ToLongFunction<LedgerView.Flows> part) {
        return flows.values().stream().mapToLong(part).sum();
    }

    /** What the close of the year recorded for the funder (contributor null) or a contributor: carried or settled. */
    private static Optional<Money> closedLine(
            LedgerView view, FiscalYear year, Funder funder, Contributor contributor, boolean settlement) {
        return view.closing(year)
                .flatMap(closing -> LedgerView.Closing.lineOf(
                        settlement ? closing.settlements() : closing.carryForward(), funder, contributor));
    }

    private static Money money(LedgerView view, long minor) {
        return new Money(minor, view.currency());
    }
}
