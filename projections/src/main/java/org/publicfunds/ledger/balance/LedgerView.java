package org.publicfunds.ledger.balance;

import java.time.Instant;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.publicfunds.ledger.arrangement.AllocationUnitSet;
import org.publicfunds.ledger.arrangement.ArrangementEvent;
import org.publicfunds.ledger.arrangement.ArrangementOpened;
import org.publicfunds.ledger.arrangement.ArrangementReviewed;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.ContributorShare;
import org.publicfunds.ledger.arrangement.ContributorSharesSet;
import org.publicfunds.ledger.arrangement.CostRecorded;
import org.publicfunds.ledger.arrangement.EntryReversed;
import org.publicfunds.ledger.arrangement.FiscalYearClosed;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.FundingCommitted;
import org.publicfunds.ledger.arrangement.FundingPledged;
import org.publicfunds.ledger.arrangement.FundsReceived;
import org.publicfunds.ledger.arrangement.PledgeConfirmed;
import org.publicfunds.ledger.arrangement.PledgeWithdrawn;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.fiscal.FiscalYear;

/**
 * Everything the ledger has recorded about one arrangement, folded into sums: the terms in
 * force per year (shares and budget by effective-from year), committed and received per
 * funder, contributor and year, costs per year, and closed years. Immutable: each event gives
 * a new view. {@code position} is the global position of the last event folded in, which makes
 * applying an event twice a no-op.
 */
public record LedgerView(
        String arrangementId,
        String name,
        String host,
        String basis,
        Currency currency,
        int fiscalYearStartMonth,
        FiscalYear firstFiscalYear,
        FiscalYear lastFiscalYear,
        String decisionRef,
        Instant openedAt,
        long position,
        NavigableMap<FiscalYear, Shares> sharesFrom,
        NavigableMap<FiscalYear, Long> budgetFromMinor,
        Map<ContributionKey, Flows> contributions,
        NavigableMap<FiscalYear, Long> costsMinor,
        NavigableSet<FiscalYear> closed,
        long allocationUnitMinor,
        Map<Funder, NavigableMap<FiscalYear, List<ContributorShare>>> splits) {

    /** Committed, received and pledged (open pledges) by one contributor of one funder in one year. */
    public record ContributionKey(Funder funder, Contributor contributor, FiscalYear fiscalYear) {}

    public record Flows(long committedMinor, long receivedMinor, long pledgedMinor) {
        static final Flows NONE = new Flows(0, 0, 0);

        public Flows(long committedMinor, long receivedMinor) {
            this(committedMinor, receivedMinor, 0);
        }

        Flows plus(long committed, long received, long pledged) {
            return new Flows(
                    Math.addExact(committedMinor, committed),
                    Math.addExact(receivedMinor, received),
                    Math.addExact(pledgedMinor, pledged));
        }
    }

    public LedgerView {
        sharesFrom = Collections.unmodifiableNavigableMap(new TreeMap<>(sharesFrom));
        budgetFromMinor = Collections.unmodifiableNavigableMap(new TreeMap<>(budgetFromMinor));
        contributions = Collections.unmodifiableMap(new LinkedHashMap<>(contributions));
        costsMinor = Collections.unmodifiableNavigableMap(new TreeMap<>(costsMinor));
        closed = Collections.unmodifiableNavigableSet(new TreeSet<>(closed));
        Map<Funder, NavigableMap<FiscalYear, List<ContributorShare>>> copied = new LinkedHashMap<>();
        splits.forEach(
                (funder, byYear) -> copied.put(funder, Collections.unmodifiableNavigableMap(new TreeMap<>(byYear))));
        splits = Collections.unmodifiableMap(copied);
    }

    /** A view that allocates by the currency's minor unit and splits no funder's share. */
    public LedgerView(
            String arrangementId,
            String name,
            String host,
            String basis,
            Currency currency,
            int fiscalYearStartMonth,
            FiscalYear firstFiscalYear,
            FiscalYear lastFiscalYear,
            String decisionRef,
            Instant openedAt,
            long position,
            NavigableMap<FiscalYear, Shares> sharesFrom,
            NavigableMap<FiscalYear, Long> budgetFromMinor,
            Map<ContributionKey, Flows> contributions,
            NavigableMap<FiscalYear, Long> costsMinor,
            NavigableSet<FiscalYear> closed) {
        this(
                arrangementId,
                name,
                host,
                basis,
                currency,
                fiscalYearStartMonth,
                firstFiscalYear,
                lastFiscalYear,
                decisionRef,
                openedAt,
                position,
                sharesFrom,
                budgetFromMinor,
                contributions,
                costsMinor,
                closed,
                1,
                Map.of());
    }

    public static LedgerView opened(ArrangementOpened event, long position, Instant recordedAt) {
        NavigableMap<FiscalYear, Long> budget = new TreeMap<>();
        if (event.annualBudget() != null) {
            budget.put(event.firstFiscalYear(), event.annualBudget().amountMinor());
        }
        return new LedgerView(
                event.arrangementId().value(),
                event.name(),
                event.host(),
                event.basis().name(),
                event.currency(),
                event.fiscalYearStartMonth(),
                event.firstFiscalYear(),
                event.lastFiscalYear(),
                event.decisionRef().value(),
                recordedAt,
                position,
                new TreeMap<>(Map.of(event.firstFiscalYear(), event.shares())),
                budget,
                Map.of(),
                new TreeMap<>(),
                new TreeSet<>());
    }

    public LedgerView apply(FundingCommitted event, long position) {
        return withFlow(
                new ContributionKey(event.funder(), event.contributor(), event.fiscalYear()),
                event.amount().amountMinor(),
                0,
                position);
    }

    public LedgerView apply(FundsReceived event, long position) {
        return withFlow(
                new ContributionKey(event.funder(), event.contributor(), event.fiscalYear()),
                0,
                event.amount().amountMinor(),
                position);
    }

    public LedgerView apply(FundingPledged event, long position) {
        return withFlow(
                new ContributionKey(event.funder(), event.contributor(), event.fiscalYear()),
                0,
                0,
                event.amount().amountMinor(),
                position);
    }

    /** The pledge leaves the pledged figures whole; what was confirmed is committed. */
    public LedgerView apply(PledgeConfirmed event, long position) {
        return withFlow(
                new ContributionKey(event.funder(), event.contributor(), event.fiscalYear()),
                event.amount().amountMinor(),
                0,
                -event.pledgedAmount().amountMinor(),
                position);
    }

    public LedgerView apply(PledgeWithdrawn event, long position) {
        return withFlow(
                new ContributionKey(event.funder(), event.contributor(), event.fiscalYear()),
                0,
                0,
                -event.amount().amountMinor(),
                position);
    }

    public LedgerView apply(CostRecorded event, long position) {
        return withCost(event.fiscalYear(), event.amount().amountMinor(), position);
    }

    public LedgerView apply(EntryReversed event, long position) {
        long amount = event.amount().amountMinor();
        ContributionKey key = new ContributionKey(event.funder(), event.contributor(), event.fiscalYear());
        return switch (event.kind()) {
            case COMMITMENT -> withFlow(key, -amount, 0, position);
            case RECEIPT -> withFlow(key, 0, -amount, position);
            case COST -> withCost(event.fiscalYear(), -amount, position);
        };
    }

    public LedgerView apply(ArrangementReviewed event, long position) {
        NavigableMap<FiscalYear, Shares> shares = new TreeMap<>(sharesFrom);
        NavigableMap<FiscalYear, Long> budget = new TreeMap<>(budgetFromMinor);
        if (event.shares() != null) {
            shares.tailMap(event.effectiveFrom(), true).clear();
            shares.put(event.effectiveFrom(), event.shares());
        }
        if (event.annualBudget() != null) {
            budget.tailMap(event.effectiveFrom(), true).clear();
            budget.put(event.effectiveFrom(), event.annualBudget().amountMinor());
        }
        FiscalYear last = event.lastFiscalYear() != null ? event.lastFiscalYear() : lastFiscalYear;
        return new LedgerView(
                arrangementId,
                name,
                host,
                basis,
                currency,
                fiscalYearStartMonth,
                firstFiscalYear,
                last,
                decisionRef,
                openedAt,
                position,
                shares,
                budget,
                contributions,
                costsMinor,
                closed,
                allocationUnitMinor,
                splits);
    }

    public LedgerView apply(FiscalYearClosed event, long position) {
        NavigableSet<FiscalYear> years = new TreeSet<>(closed);
        years.add(event.fiscalYear());
        return new LedgerView(
                arrangementId,
                name,
                host,
                basis,
                currency,
                fiscalYearStartMonth,
                firstFiscalYear,
                lastFiscalYear,
                decisionRef,
                openedAt,
                position,
                sharesFrom,
                budgetFromMinor,
                contributions,
                costsMinor,
                years,
                allocationUnitMinor,
                splits);
    }

    /**
     * Folds one event into a view (null before the arrangement is opened): the same changes the
     * projection's handlers make, for rebuilding a view as of a past position.
     */
    public static LedgerView fold(LedgerView view, ArrangementEvent event, long position, Instant createdAt) {
        if (event instanceof ArrangementOpened opened) {
            return LedgerView.opened(opened, position, createdAt);
        }
        if (view == null) {
            throw new IllegalStateException("no view of arrangement " + event.arrangementId() + " at position "
                    + position + ": its opening event has not been applied");
        }
        if (event instanceof FundingCommitted e) {
            return view.apply(e, position);
        } else if (event instanceof FundsReceived e) {
            return view.apply(e, position);
        } else if (event instanceof CostRecorded e) {
            return view.apply(e, position);
        } else if (event instanceof ArrangementReviewed e) {
            return view.apply(e, position);
        } else if (event instanceof EntryReversed e) {
            return view.apply(e, position);
        } else if (event instanceof FiscalYearClosed e) {
            return view.apply(e, position);
        } else if (event instanceof FundingPledged e) {
            return view.apply(e, position);
        } else if (event instanceof PledgeConfirmed e) {
            return view.apply(e, position);
        } else if (event instanceof PledgeWithdrawn e) {
            return view.apply(e, position);
        } else if (event instanceof AllocationUnitSet e) {
            return view.with(e.unit().amountMinor(), view.splits, position);
        } else if (event instanceof ContributorSharesSet e) {
            Map<Funder, NavigableMap<FiscalYear, List<ContributorShare>>> changed = new LinkedHashMap<>(view.splits);
            NavigableMap<FiscalYear, List<ContributorShare>> byYear =
                    new TreeMap<>(changed.getOrDefault(e.funder(), new TreeMap<>()));
            byYear.tailMap(e.effectiveFrom(), true).clear();
            byYear.put(e.effectiveFrom(), e.contributors());
            changed.put(e.funder(), byYear);
            return view.with(view.allocationUnitMinor, changed, position);
        }
        // decisions change no balance (the decision register reads them), but the view has seen them
        return view.advancedTo(position);
    }

    private LedgerView with(
            long unitMinor, Map<Funder, NavigableMap<FiscalYear, List<ContributorShare>>> newSplits, long position) {
        return new LedgerView(
                arrangementId,
                name,
                host,
                basis,
                currency,
                fiscalYearStartMonth,
                firstFiscalYear,
                lastFiscalYear,
                decisionRef,
                openedAt,
                position,
                sharesFrom,
                budgetFromMinor,
                contributions,
                costsMinor,
                closed,
                unitMinor,
                newSplits);
    }

    /** The split of the funder's share in force in this year; empty when it is not split. */
    public List<ContributorShare> splitIn(Funder funder, FiscalYear year) {
        NavigableMap<FiscalYear, List<ContributorShare>> byYear = splits.get(funder);
        Map.Entry<FiscalYear, List<ContributorShare>> split = byYear == null ? null : byYear.floorEntry(year);
        return split == null ? List.of() : split.getValue();
    }

    /** The same sums, having seen the events up to {@code position}. */
    public LedgerView advancedTo(long position) {
        return new LedgerView(
                arrangementId,
                name,
                host,
                basis,
                currency,
                fiscalYearStartMonth,
                firstFiscalYear,
                lastFiscalYear,
                decisionRef,
                openedAt,
                position,
                sharesFrom,
                budgetFromMinor,
                contributions,
                costsMinor,
                closed,
                allocationUnitMinor,
                splits);
    }

    public Shares sharesIn(FiscalYear year) {
        return sharesFrom.floorEntry(year).getValue();
    }

    public Optional<Long> budgetInMinor(FiscalYear year) {
        return Optional.ofNullable(budgetFromMinor.floorEntry(year)).map(Map.Entry::getValue);
    }

    public long costsInMinor(FiscalYear year) {
        return costsMinor.getOrDefault(year, 0L);
    }

    private LedgerView withFlow(ContributionKey key, long committed, long received, long position) {
        return withFlow(key, committed, received, 0, position);
    }

    private LedgerView withFlow(ContributionKey key, long committed, long received, long pledged, long position) {
        Map<ContributionKey, Flows> flows = new LinkedHashMap<>(contributions);
        flows.put(key, flows.getOrDefault(key, Flows.NONE).plus(committed, received, pledged));
        return new LedgerView(
                arrangementId,
                name,
                host,
                basis,
                currency,
                fiscalYearStartMonth,
                firstFiscalYear,
                lastFiscalYear,
                decisionRef,
                openedAt,
                position,
                sharesFrom,
                budgetFromMinor,
                flows,
                costsMinor,
                closed,
                allocationUnitMinor,
                splits);
    }

    private LedgerView withCost(FiscalYear year, long amount, long position) {
        NavigableMap<FiscalYear, Long> costs = new TreeMap<>(costsMinor);
        costs.merge(year, amount, Math::addExact);
        return new LedgerView(
                arrangementId,
                name,
                host,
                basis,
                currency,
                fiscalYearStartMonth,
                firstFiscalYear,
                lastFiscalYear,
                decisionRef,
                openedAt,
                position,
                sharesFrom,
                budgetFromMinor,
                contributions,
                costs,
                closed,
                allocationUnitMinor,
                splits);
    }
}
