package org.publicfunds.ledger.arrangement.balance;

import java.time.Instant;
import java.util.Collections;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.publicfunds.ledger.arrangement.AllocationUnitSet;
import org.publicfunds.ledger.arrangement.ArrangementEvent;
import org.publicfunds.ledger.arrangement.ArrangementOpened;
import org.publicfunds.ledger.arrangement.ArrangementReviewed;
import org.publicfunds.ledger.arrangement.Carry;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.ContributorShare;
import org.publicfunds.ledger.arrangement.ContributorSharesSet;
import org.publicfunds.ledger.arrangement.CostRecorded;
import org.publicfunds.ledger.arrangement.EntryReversed;
import org.publicfunds.ledger.arrangement.FiscalYearClosed;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.FunderCurrencySet;
import org.publicfunds.ledger.arrangement.FundingCommitted;
import org.publicfunds.ledger.arrangement.FundingPledged;
import org.publicfunds.ledger.arrangement.FundsReceived;
import org.publicfunds.ledger.arrangement.InKindRecorded;
import org.publicfunds.ledger.arrangement.PledgeConfirmed;
import org.publicfunds.ledger.arrangement.PledgeWithdrawn;
import org.publicfunds.ledger.arrangement.Shares;
import org.publicfunds.ledger.arrangement.Treatment;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/**
 * Everything the ledger has recorded about one arrangement, folded into sums: the terms in
 * force per year (shares and budget by effective-from year), committed, received, pledged and
 * contributed in kind per funder, contributor and year (in the reporting currency and in the
 * funder's), costs per year (in-kind OFFSET values included), the funders' currencies, and the
 * closed years with what each close carried forward or settled. Immutable: each event gives a
 * new view. {@code position} is the global position of the last event folded in, which makes
 * applying an event twice a no-op. The aggregate folds the same view to compute a close.
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
        Map<Funder, NavigableMap<FiscalYear, List<ContributorShare>>> splits,
        Map<Funder, Currency> funderCurrencies,
        NavigableMap<FiscalYear, Closing> closings) {

    /** Committed, received and pledged (open pledges) by one contributor of one funder in one year. */
    public record ContributionKey(Funder funder, Contributor contributor, FiscalYear fiscalYear) {}

    /**
     * The sums of one contributor in one year, in minor units: committed, received and pledged in
     * the reporting currency and in the funder's own ({@code original...}, the same numbers when the
     * two currencies are one), and the value contributed in kind (both treatments; {@code offsetMinor}
     * is the OFFSET part).
     */
    public record Flows(
            long committedMinor,
            long receivedMinor,
            long pledgedMinor,
            long originalCommittedMinor,
            long originalReceivedMinor,
            long originalPledgedMinor,
            long inKindMinor,
            long offsetMinor) {
        static final Flows NONE = new Flows(0, 0, 0, 0, 0, 0, 0, 0);

        /** In the reporting currency, nothing in kind. */
        public Flows(long committedMinor, long receivedMinor, long pledgedMinor) {
            this(committedMinor, receivedMinor, pledgedMinor, committedMinor, receivedMinor, pledgedMinor, 0, 0);
        }

        public Flows(long committedMinor, long receivedMinor) {
            this(committedMinor, receivedMinor, 0);
        }

        static Flows committed(long reporting, long original) {
            return new Flows(reporting, 0, 0, original, 0, 0, 0, 0);
        }

        static Flows received(long reporting, long original) {
            return new Flows(0, reporting, 0, 0, original, 0, 0, 0);
        }

        static Flows pledged(long reporting, long original) {
            return new Flows(0, 0, reporting, 0, 0, original, 0, 0);
        }

        static Flows inKind(long value, Treatment treatment) {
            return new Flows(0, 0, 0, 0, 0, 0, value, treatment == Treatment.OFFSET ? value : 0);
        }

        Flows plus(Flows other) {
            return new Flows(
                    Math.addExact(committedMinor, other.committedMinor),
                    Math.addExact(receivedMinor, other.receivedMinor),
                    Math.addExact(pledgedMinor, other.pledgedMinor),
                    Math.addExact(originalCommittedMinor, other.originalCommittedMinor),
                    Math.addExact(originalReceivedMinor, other.originalReceivedMinor),
                    Math.addExact(originalPledgedMinor, other.originalPledgedMinor),
                    Math.addExact(inKindMinor, other.inKindMinor),
                    Math.addExact(offsetMinor, other.offsetMinor));
        }

        Flows negate() {
            return NONE.minus(this);
        }

        private Flows minus(Flows other) {
            return new Flows(
                    committedMinor - other.committedMinor,
                    receivedMinor - other.receivedMinor,
                    pledgedMinor - other.pledgedMinor,
                    originalCommittedMinor - other.originalCommittedMinor,
                    originalReceivedMinor - other.originalReceivedMinor,
                    originalPledgedMinor - other.originalPledgedMinor,
                    inKindMinor - other.inKindMinor,
                    offsetMinor - other.offsetMinor);
        }
    }

    /** What the close of a year recorded: positions carried into the next year, or settled after the last. */
    public record Closing(List<Carry> carryForward, List<Carry> settlements) {
        public Closing {
            carryForward = List.copyOf(carryForward);
            settlements = List.copyOf(settlements);
        }

        static final Closing NOTHING = new Closing(List.of(), List.of());

        /** The line of the funder ({@code contributor} null) or of one of its contributors. */
        public static Optional<Money> lineOf(List<Carry> carries, Funder funder, Contributor contributor) {
            return carries.stream()
                    .filter(c -> c.funder().equals(funder) && Objects.equals(c.contributor(), contributor))
                    .map(Carry::amount)
                    .findFirst();
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
        funderCurrencies = Collections.unmodifiableMap(new LinkedHashMap<>(funderCurrencies));
        closings = Collections.unmodifiableNavigableMap(new TreeMap<>(closings));
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
                new TreeSet<>(),
                // the currency's minor unit, no split, every funder in the reporting currency, nothing closed
                1,
                Map.of(),
                Map.of(),
                new TreeMap<>());
    }

    /**
     * Folds one event into a view (null before the arrangement is opened): what the projection
     * does for each event, what a view as of a past position is rebuilt with, and what the
     * aggregate keeps to compute a close.
     */
    public static LedgerView fold(LedgerView view, ArrangementEvent event, long position, Instant createdAt) {
        if (event instanceof ArrangementOpened opened) {
            return LedgerView.opened(opened, position, createdAt);
        }
        if (view == null) {
            throw new IllegalStateException("no view of arrangement " + event.arrangementId() + " at position "
                    + position + ": its opening event has not been applied");
        }
        Change next = view.change(position);
        if (event instanceof FundingCommitted e) {
            next.flow(
                    e.funder(),
                    e.contributor(),
                    e.fiscalYear(),
                    Flows.committed(minor(e.reportingAmount()), minor(e.amount())));
        } else if (event instanceof FundsReceived e) {
            next.flow(
                    e.funder(),
                    e.contributor(),
                    e.fiscalYear(),
                    Flows.received(minor(e.reportingAmount()), minor(e.amount())));
        } else if (event instanceof FundingPledged e) {
            next.flow(
                    e.funder(),
                    e.contributor(),
                    e.fiscalYear(),
                    Flows.pledged(minor(e.reportingAmount()), minor(e.amount())));
        } else if (event instanceof PledgeConfirmed e) {
            // the pledge leaves the pledged figures whole; what was confirmed is committed
            next.flow(
                    e.funder(),
                    e.contributor(),
                    e.fiscalYear(),
                    Flows.committed(minor(e.reportingAmount()), minor(e.amount()))
                            .plus(Flows.pledged(minor(e.pledgedReportingAmount()), minor(e.pledgedAmount()))
                                    .negate()));
        } else if (event instanceof PledgeWithdrawn e) {
            next.flow(
                    e.funder(),
                    e.contributor(),
                    e.fiscalYear(),
                    Flows.pledged(minor(e.reportingAmount()), minor(e.amount())).negate());
        } else if (event instanceof InKindRecorded e) {
            next.inKind(e.funder(), e.contributor(), e.fiscalYear(), minor(e.value()), e.treatment());
        } else if (event instanceof CostRecorded e) {
            next.cost(e.fiscalYear(), minor(e.amount()));
        } else if (event instanceof EntryReversed e) {
            next.reverse(e);
        } else if (event instanceof ArrangementReviewed e) {
            next.review(e);
        } else if (event instanceof FiscalYearClosed e) {
            next.closed.add(e.fiscalYear());
            next.closings.put(e.fiscalYear(), new Closing(e.carryForward(), e.settlements()));
        } else if (event instanceof FunderCurrencySet e) {
            next.funderCurrencies.put(e.funder(), e.currency());
        } else if (event instanceof AllocationUnitSet e) {
            next.allocationUnitMinor = e.unit().amountMinor();
        } else if (event instanceof ContributorSharesSet e) {
            NavigableMap<FiscalYear, List<ContributorShare>> byYear =
                    new TreeMap<>(next.splits.getOrDefault(e.funder(), new TreeMap<>()));
            byYear.tailMap(e.effectiveFrom(), true).clear();
            byYear.put(e.effectiveFrom(), e.contributors());
            next.splits.put(e.funder(), byYear);
        }
        // decisions change no balance (the decision register reads them), but the view has seen them
        return next.build();
    }

    private static long minor(Money money) {
        return money.amountMinor();
    }

    /** The split of the funder's share in force in this year; empty when it is not split. */
    public List<ContributorShare> splitIn(Funder funder, FiscalYear year) {
        NavigableMap<FiscalYear, List<ContributorShare>> byYear = splits.get(funder);
        Map.Entry<FiscalYear, List<ContributorShare>> split = byYear == null ? null : byYear.floorEntry(year);
        return split == null ? List.of() : split.getValue();
    }

    /** The same sums, having seen the events up to {@code position}. */
    public LedgerView advancedTo(long position) {
        return change(position).build();
    }

    public Shares sharesIn(FiscalYear year) {
        return sharesFrom.floorEntry(year).getValue();
    }

    public Optional<Long> budgetInMinor(FiscalYear year) {
        return Optional.ofNullable(budgetFromMinor.floorEntry(year)).map(Map.Entry::getValue);
    }

    /** The year's costs: recorded costs and in-kind OFFSET values, not reversed. */
    public long costsInMinor(FiscalYear year) {
        return costsMinor.getOrDefault(year, 0L);
    }

    /** The currency the funder settles in: its own, or the reporting currency. */
    public Currency currencyOf(Funder funder) {
        return funderCurrencies.getOrDefault(funder, currency);
    }

    /** What the close of the year before carried into this one for the funder (contributor null) or a contributor. */
    public long broughtForwardMinor(Funder funder, Contributor contributor, FiscalYear year) {
        Closing before = closings.get(new FiscalYear(year.startYear() - 1));
        return before == null
                ? 0
                : Closing.lineOf(before.carryForward(), funder, contributor)
                        .map(Money::amountMinor)
                        .orElse(0L);
    }

    public Optional<Closing> closing(FiscalYear year) {
        return Optional.ofNullable(closings.get(year));
    }

    private Change change(long position) {
        return new Change(this, position);
    }

    /** The view's parts, copied to be changed by one event; built into the next view. */
    private static final class Change {
        private final LedgerView from;
        private final long position;
        private final NavigableMap<FiscalYear, Shares> sharesFrom;
        private final NavigableMap<FiscalYear, Long> budgetFromMinor;
        private final Map<ContributionKey, Flows> contributions;
        private final NavigableMap<FiscalYear, Long> costsMinor;
        private final NavigableSet<FiscalYear> closed;
        private final Map<Funder, NavigableMap<FiscalYear, List<ContributorShare>>> splits;
        private final Map<Funder, Currency> funderCurrencies;
        private final NavigableMap<FiscalYear, Closing> closings;
        private FiscalYear lastFiscalYear;
        private long allocationUnitMinor;

        Change(LedgerView from, long position) {
            this.from = from;
            this.position = position;
            this.sharesFrom = new TreeMap<>(from.sharesFrom);
            this.budgetFromMinor = new TreeMap<>(from.budgetFromMinor);
            this.contributions = new LinkedHashMap<>(from.contributions);
            this.costsMinor = new TreeMap<>(from.costsMinor);
            this.closed = new TreeSet<>(from.closed);
            this.splits = new LinkedHashMap<>(from.splits);
            this.funderCurrencies = new LinkedHashMap<>(from.funderCurrencies);
            this.closings = new TreeMap<>(from.closings);
            this.lastFiscalYear = from.lastFiscalYear;
            this.allocationUnitMinor = from.allocationUnitMinor;
        }

        void flow(Funder funder, Contributor contributor, FiscalYear year, Flows delta) {
            contributions.merge(new ContributionKey(funder, contributor, year), delta, Flows::plus);
        }

        void cost(FiscalYear year, long amountMinor) {
            costsMinor.merge(year, amountMinor, Math::addExact);
        }

        void inKind(Funder funder, Contributor contributor, FiscalYear year, long value, Treatment treatment) {
            flow(funder, contributor, year, Flows.inKind(value, treatment));
            if (treatment == Treatment.OFFSET) {
                cost(year, value);
            }
        }

        void reverse(EntryReversed e) {
            long reporting = e.reportingAmount().amountMinor();
            long original = e.amount().amountMinor();
            switch (e.kind()) {
                case COMMITMENT ->
                    flow(
                            e.funder(),
                            e.contributor(),
                            e.fiscalYear(),
                            Flows.committed(reporting, original).negate());
                case RECEIPT ->
                    flow(
                            e.funder(),
                            e.contributor(),
                            e.fiscalYear(),
                            Flows.received(reporting, original).negate());
                case COST -> cost(e.fiscalYear(), -reporting);
                case IN_KIND -> inKind(e.funder(), e.contributor(), e.fiscalYear(), -reporting, e.treatment());
            }
        }

        void review(ArrangementReviewed e) {
            if (e.shares() != null) {
                sharesFrom.tailMap(e.effectiveFrom(), true).clear();
                sharesFrom.put(e.effectiveFrom(), e.shares());
            }
            if (e.annualBudget() != null) {
                budgetFromMinor.tailMap(e.effectiveFrom(), true).clear();
                budgetFromMinor.put(e.effectiveFrom(), e.annualBudget().amountMinor());
            }
            if (e.lastFiscalYear() != null) {
                lastFiscalYear = e.lastFiscalYear();
            }
        }

        LedgerView build() {
            return new LedgerView(
                    from.arrangementId,
                    from.name,
                    from.host,
                    from.basis,
                    from.currency,
                    from.fiscalYearStartMonth,
                    from.firstFiscalYear,
                    lastFiscalYear,
                    from.decisionRef,
                    from.openedAt,
                    position,
                    sharesFrom,
                    budgetFromMinor,
                    contributions,
                    costsMinor,
                    closed,
                    allocationUnitMinor,
                    splits,
                    funderCurrencies,
                    closings);
        }
    }
}
