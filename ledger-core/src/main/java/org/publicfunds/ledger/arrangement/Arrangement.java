package org.publicfunds.ledger.arrangement;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.publicfunds.ledger.arrangement.balance.Balances;
import org.publicfunds.ledger.arrangement.balance.LedgerView;
import org.publicfunds.ledger.fiscal.FiscalCalendar;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;

/**
 * One funding arrangement. It holds only what it needs to decide: the term, the shares in
 * force per year, the closed years and the entries that a reversal may still cancel.
 */
public class Arrangement {

    /** Limits that keep an arrangement's balances within one view document (16 MB), whatever is posted. */
    public static final int MAX_TERM_YEARS = 50;

    public static final int MAX_CONTRIBUTORS = 200;

    public static final int MAX_DECISIONS = 1_000;

    public static final int MAX_AUTHORISATIONS = 500;

    /** A rate has at most this many significant digits (LEDGER.md 8.4). */
    public static final int MAX_RATE_DIGITS = 12;

    @AggregateIdentifier
    private ArrangementId id;

    private Currency currency;
    private FiscalYear first;
    private FiscalYear last;
    private final NavigableMap<FiscalYear, Shares> sharesFrom = new TreeMap<>();
    private final Set<FiscalYear> closed = new HashSet<>();
    private final Map<EntryId, Entry> entries = new HashMap<>();
    /** Every (funder, contributor) that has had an entry: each is a row of the balances in every year. */
    private final Set<String> contributors = new HashSet<>();

    private FiscalYear latestYearWithEntries;

    /** The balances as they stand: what a close carries forward or settles, and each funder's currency. */
    private LedgerView view;

    /** Whether commitments and reviews must cite a registered decision. */
    private boolean decisionsRequired;
    /** The registered decisions and what each authorises. */
    private final Map<DecisionRef, List<Authorisation>> decisions = new HashMap<>();
    /** Not-reversed commitments per cited decision (registered or not), per funder, contributor and year, in minor units. */
    private final Map<DecisionRef, Map<Cited, Long>> committedUnder = new HashMap<>();

    /** The references of imported rows and the digest of each one's content. */
    private final Map<String, String> imported = new HashMap<>();

    /** The funders whose share is split among contributors, by the year each split takes effect. */
    private final Map<Funder, NavigableMap<FiscalYear, ContributorSplit>> splits = new HashMap<>();

    /** Every pledge by its entry id; open until confirmed or withdrawn. */
    private final Map<EntryId, Pledge> pledges = new HashMap<>();

    private record Pledge(
            Funder funder,
            Contributor contributor,
            FiscalYear fiscalYear,
            Money amount,
            Money reportingAmount,
            boolean open) {}

    /** The funder, contributor and year of commitments citing one decision. */
    private record Cited(Funder funder, Contributor contributor, FiscalYear fiscalYear) {}

    /** What a reversal needs to know of an entry, and whether it has been reversed. */
    private record Entry(
            EntryKind kind,
            FiscalYear fiscalYear,
            Funder funder,
            Contributor contributor,
            Money amount,
            Money reportingAmount,
            DecisionRef decisionRef,
            Treatment treatment,
            boolean reversed) {

        Entry asReversed() {
            return new Entry(
                    kind, fiscalYear, funder, contributor, amount, reportingAmount, decisionRef, treatment, true);
        }
    }

    protected Arrangement() {}

    @CommandHandler
    public Arrangement(OpenArrangement command) {
        required(command.arrangementId(), "arrangementId");
        Text.require(command.name(), "name", Text.MAX_LENGTH);
        Text.require(command.host(), "host", Text.MAX_LENGTH);
        required(command.basis(), "basis");
        required(command.currency(), "currency");
        Money.minorDigits(command.currency());
        new FiscalCalendar(command.fiscalYearStartMonth());
        required(command.firstFiscalYear(), "firstFiscalYear");
        required(command.lastFiscalYear(), "lastFiscalYear");
        required(command.shares(), "shares");
        required(command.decisionRef(), "decisionRef");
        if (command.lastFiscalYear().isBefore(command.firstFiscalYear())) {
            throw new RuleViolation(
                    Rule.TERM_INVALID,
                    "lastFiscalYear",
                    "the last fiscal year " + command.lastFiscalYear() + " is before the first "
                            + command.firstFiscalYear());
        }
        requireTermAtMost(command.firstFiscalYear(), command.lastFiscalYear());
        if (command.annualBudget() != null) {
            requireAmount(command.annualBudget(), command.currency(), "annualBudget");
        }
        if (command.allocationUnit() != null) {
            requireAmount(command.allocationUnit(), command.currency(), "allocationUnit");
        }
        List<ContributorSplit> openingSplits = command.splits() == null ? List.of() : command.splits();
        requireSplitsOf(openingSplits, command.shares());
        Map<Funder, Currency> ownCurrencies =
                ownCurrencies(command.currencies(), command.shares(), command.currency(), Set.of());
        apply(new ArrangementOpened(
                command.arrangementId(),
                command.name(),
                command.host(),
                command.basis(),
                command.currency(),
                command.fiscalYearStartMonth(),
                command.firstFiscalYear(),
                command.lastFiscalYear(),
                command.shares(),
                command.annualBudget(),
                command.decisionRef()));
        if (command.decisionsRequired()) {
            apply(new DecisionsRequiredSet(command.arrangementId(), true, null, command.decisionRef()));
        }
        if (command.allocationUnit() != null && command.allocationUnit().amountMinor() != 1) {
            apply(new AllocationUnitSet(command.arrangementId(), command.allocationUnit()));
        }
        for (ContributorSplit split : openingSplits) {
            apply(new ContributorSharesSet(
                    command.arrangementId(), command.firstFiscalYear(), split.funder(), split.contributors()));
        }
        ownCurrencies.forEach((funder, own) -> apply(new FunderCurrencySet(command.arrangementId(), funder, own)));
    }

    @CommandHandler
    public void handle(RegisterDecision command) {
        DecisionRef ref = required(command.decisionRef(), "decisionRef");
        Text.require(command.title(), "title", Text.MAX_LENGTH);
        if (command.decisionType() != null) {
            Text.require(command.decisionType(), "decisionType", Text.MAX_LENGTH);
        }
        required(command.signedOn(), "signedOn");
        List<Authorisation> authorisations = required(command.authorisations(), "authorisations");
        if (authorisations.size() > MAX_AUTHORISATIONS) {
            throw new RuleViolation(
                    Rule.DECISION_REGISTER_LIMIT,
                    "authorisations",
                    "a decision lists at most " + MAX_AUTHORISATIONS + " authorisations");
        }
        if (decisions.containsKey(ref)) {
            throw new RuleViolation(Rule.DECISION_EXISTS, "decisionRef", "decision " + ref + " is already registered");
        }
        if (decisions.size() >= MAX_DECISIONS) {
            throw new RuleViolation(
                    Rule.DECISION_REGISTER_LIMIT,
                    "decisionRef",
                    "an arrangement registers at most " + MAX_DECISIONS + " decisions");
        }
        Set<Cited> seen = new HashSet<>();
        for (int i = 0; i < authorisations.size(); i++) {
            Authorisation authorisation = authorisations.get(i);
            String field = "authorisations[" + i + "]";
            required(authorisation, field);
            required(authorisation.funder(), field + ".funder");
            FiscalYear year = required(authorisation.fiscalYear(), field + ".fiscalYear");
            requireInTerm(year, field + ".fiscalYear");
            requireParty(authorisation.funder(), year);
            requireAmount(authorisation.amount(), view.currencyOf(authorisation.funder()), field + ".amount");
            boolean funderWide = authorisation.contributor() == null;
            // one funder-wide authorisation per funder and year, or per-contributor ones, never both
            Cited whole = new Cited(authorisation.funder(), null, year);
            boolean clash = funderWide
                    ? seen.stream()
                            .anyMatch(c -> c.funder().equals(authorisation.funder())
                                    && c.fiscalYear().equals(year))
                    : seen.contains(whole);
            if (clash || !seen.add(new Cited(authorisation.funder(), authorisation.contributor(), year))) {
                throw new RuleViolation(
                        Rule.AUTHORISATION_DUPLICATE,
                        field,
                        "the decision already authorises " + authorisation.funder()
                                + (funderWide ? "" : " (" + authorisation.contributor() + ")") + " in " + year
                                + ": one authorisation for the funder, or one per contributor, never both");
            }
        }
        apply(new DecisionRegistered(
                id, ref, command.title(), command.decisionType(), command.signedOn(), authorisations));
    }

    @CommandHandler
    public void handle(CommitFunding command) {
        required(command.decisionRef(), "decisionRef");
        Contributor contributor = requireFundersEntry(
                command.entryId(), command.funder(), command.contributor(), command.fiscalYear(), command.amount());
        Conversion reporting = reportingOf(command.funder(), command.amount(), command.conversion());
        requireAuthorised(command.decisionRef(), command.funder(), contributor, command.fiscalYear(), command.amount());
        apply(new FundingCommitted(
                id,
                command.entryId(),
                command.funder(),
                contributor,
                command.fiscalYear(),
                command.amount(),
                command.decisionRef(),
                reporting.reportingAmount(),
                reporting.rate(),
                reporting.rateSource()));
    }

    @CommandHandler
    public void handle(PledgeFunding command) {
        if (command.note() != null) {
            Text.require(command.note(), "note", Text.MAX_LENGTH);
        }
        Contributor contributor = requireFundersEntry(
                command.entryId(), command.funder(), command.contributor(), command.fiscalYear(), command.amount());
        Conversion reporting = reportingOf(command.funder(), command.amount(), command.conversion());
        apply(new FundingPledged(
                id,
                command.entryId(),
                command.funder(),
                contributor,
                command.fiscalYear(),
                command.amount(),
                command.note(),
                reporting.reportingAmount(),
                reporting.rate(),
                reporting.rateSource()));
    }

    @CommandHandler
    public void handle(ConfirmPledge command) {
        Pledge pledge = openPledge(command.pledgeId());
        requireEntry(command.entryId());
        requireOpenYear(pledge.fiscalYear());
        requireParty(pledge.funder(), pledge.fiscalYear());
        requireAmount(command.amount(), view.currencyOf(pledge.funder()), "amount");
        Conversion reporting = reportingOf(pledge.funder(), command.amount(), command.conversion());
        required(command.decisionRef(), "decisionRef");
        requireAuthorised(
                command.decisionRef(), pledge.funder(), pledge.contributor(), pledge.fiscalYear(), command.amount());
        apply(new PledgeConfirmed(
                id,
                command.pledgeId(),
                command.entryId(),
                pledge.funder(),
                pledge.contributor(),
                pledge.fiscalYear(),
                pledge.amount(),
                command.amount(),
                command.decisionRef(),
                pledge.reportingAmount(),
                reporting.reportingAmount(),
                reporting.rate(),
                reporting.rateSource()));
    }

    @CommandHandler
    public void handle(WithdrawPledge command) {
        Pledge pledge = openPledge(command.pledgeId());
        Text.require(command.reason(), "reason", Text.MAX_LENGTH);
        apply(new PledgeWithdrawn(
                id,
                command.pledgeId(),
                pledge.funder(),
                pledge.contributor(),
                pledge.fiscalYear(),
                pledge.amount(),
                command.reason(),
                pledge.reportingAmount()));
    }

    /** The open pledge with this id: unknown (404), not a pledge, or no longer open are refused. */
    private Pledge openPledge(EntryId pledgeId) {
        required(pledgeId, "pledgeId");
        if (!entries.containsKey(pledgeId)) {
            throw new UnknownEntry(pledgeId, id);
        }
        Pledge pledge = pledges.get(pledgeId);
        if (pledge == null) {
            throw new RuleViolation(Rule.ENTRY_NOT_PLEDGE, "pledgeId", "entry " + pledgeId + " is not a pledge");
        }
        if (!pledge.open()) {
            throw new RuleViolation(
                    Rule.PLEDGE_NOT_OPEN, "pledgeId", "pledge " + pledgeId + " is already confirmed or withdrawn");
        }
        return pledge;
    }

    @CommandHandler
    public void handle(RecordReceipt command) {
        required(command.receivedOn(), "receivedOn");
        Contributor contributor = requireFundersEntry(
                command.entryId(), command.funder(), command.contributor(), command.fiscalYear(), command.amount());
        Conversion reporting = reportingOf(command.funder(), command.amount(), command.conversion());
        apply(new FundsReceived(
                id,
                command.entryId(),
                command.funder(),
                contributor,
                command.fiscalYear(),
                command.amount(),
                command.receivedOn(),
                reporting.reportingAmount(),
                reporting.rate(),
                reporting.rateSource()));
    }

    @CommandHandler
    public void handle(RecordInKind command) {
        Text.require(command.category(), "category", 64);
        Text.require(command.description(), "description", Text.MAX_LENGTH);
        required(command.treatment(), "treatment");
        Contributor contributor =
                requireEntryOf(command.entryId(), command.funder(), command.contributor(), command.fiscalYear());
        requireAmount(command.value(), currency, "value");
        apply(new InKindRecorded(
                id,
                command.entryId(),
                command.funder(),
                contributor,
                command.fiscalYear(),
                command.category(),
                command.value(),
                command.description(),
                command.treatment()));
    }

    /**
     * The rows of an import, in file order, each by the handler of its own command, so every rule
     * applies and each row sees the rows before it. Every row's error is collected; one error and
     * the whole import is refused, so the unit of work rolls back and nothing is stored. A file
     * whose every row was imported before records nothing ({@link NothingToImport}).
     */
    @CommandHandler
    public void handle(ImportEntries command) {
        List<ImportRefused.RowError> errors = new ArrayList<>();
        List<EntriesImported.Imported> created = new ArrayList<>();
        Set<String> inFile = new HashSet<>();
        for (ImportEntries.Row row : required(command.rows(), "rows")) {
            String known = imported.get(row.reference());
            if (known != null && known.equals(row.digest())) {
                continue;
            }
            if (known != null || !inFile.add(row.reference())) {
                errors.add(new ImportRefused.RowError(
                        row.line(),
                        "reference",
                        Rule.REFERENCE_REUSED.code(),
                        "reference " + row.reference()
                                + (known != null
                                        ? " was imported before with other content"
                                        : " is on an earlier line of the file too")));
                continue;
            }
            try {
                created.add(new EntriesImported.Imported(row.reference(), row.digest(), importRow(row.command())));
            } catch (RuleViolation violation) {
                errors.add(new ImportRefused.RowError(
                        row.line(), violation.field(), violation.code(), violation.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ImportRefused(errors);
        }
        if (created.isEmpty()) {
            throw new NothingToImport(command.rows().size());
        }
        apply(new EntriesImported(id, created));
    }

    /** One row's command, handled as if sent alone; the entry id it records. */
    private EntryId importRow(Object row) {
        if (row instanceof CommitFunding c) {
            handle(c);
            return c.entryId();
        } else if (row instanceof RecordReceipt c) {
            handle(c);
            return c.entryId();
        } else if (row instanceof RecordCost c) {
            handle(c);
            return c.entryId();
        } else if (row instanceof PledgeFunding c) {
            handle(c);
            return c.entryId();
        } else if (row instanceof RecordInKind c) {
            handle(c);
            return c.entryId();
        }
        throw new IllegalArgumentException("an import row is a commitment, receipt, cost, pledge or in-kind entry");
    }

    @CommandHandler
    public void handle(RecordCost command) {
        requireEntry(command.entryId());
        requireOpenYear(command.fiscalYear());
        Text.require(command.category(), "category", 64);
        requireAmount(command.amount(), currency, "amount");
        required(command.incurredOn(), "incurredOn");
        Text.require(command.description(), "description", Text.MAX_LENGTH);
        apply(new CostRecorded(
                id,
                command.entryId(),
                command.fiscalYear(),
                command.category(),
                command.amount(),
                command.incurredOn(),
                command.description()));
    }

    @CommandHandler
    public void handle(ReviewArrangement command) {
        FiscalYear from = required(command.effectiveFrom(), "effectiveFrom");
        Text.require(command.reason(), "reason", Text.MAX_LENGTH);
        required(command.decisionRef(), "decisionRef");
        requireRegisteredIfRequired(command.decisionRef());
        boolean changesRule = command.decisionsRequired() != null && command.decisionsRequired() != decisionsRequired;
        boolean changesTerms =
                command.shares() != null || command.annualBudget() != null || command.lastFiscalYear() != null;
        List<ContributorSplit> newSplits = command.splits() == null ? List.of() : command.splits();
        if (!changesTerms && !changesRule && newSplits.isEmpty()) {
            throw new RuleViolation(
                    Rule.REVIEW_CHANGES_NOTHING,
                    "shares",
                    "a review must change the shares, the annual budget, the last fiscal year or whether decisions"
                            + " must be registered");
        }
        FiscalYear newLast = command.lastFiscalYear() == null ? last : command.lastFiscalYear();
        requireTermAtMost(first, newLast);
        if (from.isBefore(first) || from.isAfter(newLast)) {
            throw new RuleViolation(
                    Rule.FISCAL_YEAR_OUTSIDE_TERM,
                    "effectiveFrom",
                    "effective-from year " + from + " is outside the term " + first + " to " + newLast);
        }
        // a review changes every year from its effective year on, so none of them may be closed
        FiscalYear closedLater = closed.stream()
                .filter(year -> !year.isBefore(from))
                .min(FiscalYear::compareTo)
                .orElse(null);
        if (closedLater != null) {
            throw new RuleViolation(
                    Rule.FISCAL_YEAR_CLOSED,
                    "effectiveFrom",
                    "fiscal year " + closedLater + " is closed, so a review cannot take effect from " + from);
        }
        if (command.annualBudget() != null) {
            requireAmount(command.annualBudget(), currency, "annualBudget");
        }
        if (command.lastFiscalYear() != null) {
            FiscalYear lastUsed = closed.stream().max(FiscalYear::compareTo).orElse(null);
            if (latestYearWithEntries != null && (lastUsed == null || latestYearWithEntries.isAfter(lastUsed))) {
                lastUsed = latestYearWithEntries;
            }
            if (lastUsed != null && newLast.isBefore(lastUsed)) {
                throw new RuleViolation(
                        Rule.TERM_CUTS_OFF_ENTRIES,
                        "lastFiscalYear",
                        "the term cannot end in " + newLast + ": fiscal year " + lastUsed
                                + " already has entries or is closed");
            }
        }
        Map<Funder, Currency> ownCurrencies = Map.of();
        if (command.currencies() != null && !command.currencies().isEmpty()) {
            if (command.shares() == null) {
                throw new RuleViolation(
                        Rule.SHARES_INVALID, "shares", "a currency is given with a funder's share: give the shares");
            }
            ownCurrencies = ownCurrencies(command.currencies(), command.shares(), currency, partiesSoFar());
        }
        if (changesTerms) {
            apply(new ArrangementReviewed(
                    id,
                    from,
                    command.shares(),
                    command.annualBudget(),
                    command.lastFiscalYear(),
                    command.reason(),
                    command.decisionRef()));
        }
        if (!newSplits.isEmpty()) {
            requireSplitsOf(
                    newSplits,
                    command.shares() != null
                            ? command.shares()
                            : sharesFrom.floorEntry(from).getValue());
        }
        if (changesRule) {
            apply(new DecisionsRequiredSet(id, command.decisionsRequired(), command.reason(), command.decisionRef()));
        }
        for (ContributorSplit split : newSplits) {
            apply(new ContributorSharesSet(id, from, split.funder(), split.contributors()));
        }
        ownCurrencies.forEach((funder, own) -> apply(new FunderCurrencySet(id, funder, own)));
    }

    @CommandHandler
    public void handle(ReverseEntry command) {
        requireEntry(command.reversalId());
        required(command.entryId(), "entryId");
        Text.require(command.reason(), "reason", Text.MAX_LENGTH);
        if (!entries.containsKey(command.entryId())) {
            throw new UnknownEntry(command.entryId(), id);
        }
        Entry entry = entries.get(command.entryId());
        if (entry == null) {
            throw new RuleViolation(
                    Rule.ENTRY_NOT_REVERSIBLE,
                    "entryId",
                    "entry " + command.entryId() + " is a reversal or a pledge and cannot be reversed"
                            + (pledges.containsKey(command.entryId()) ? ": withdraw the pledge instead" : ""));
        }
        if (entry.reversed()) {
            throw new RuleViolation(
                    Rule.ENTRY_ALREADY_REVERSED, "entryId", "entry " + command.entryId() + " is already reversed");
        }
        if (closed.contains(entry.fiscalYear())) {
            throw new RuleViolation(
                    Rule.FISCAL_YEAR_CLOSED,
                    "entryId",
                    "entry " + command.entryId() + " belongs to fiscal year " + entry.fiscalYear()
                            + ", which is closed");
        }
        apply(new EntryReversed(
                id,
                command.reversalId(),
                command.entryId(),
                entry.kind(),
                entry.fiscalYear(),
                entry.funder(),
                entry.contributor(),
                entry.amount(),
                command.reason(),
                entry.reportingAmount(),
                entry.treatment()));
    }

    @CommandHandler
    public void handle(CloseFiscalYear command) {
        FiscalYear year = required(command.fiscalYear(), "fiscalYear");
        requireInTerm(year, "fiscalYear");
        if (closed.contains(year)) {
            throw new RuleViolation(
                    Rule.FISCAL_YEAR_ALREADY_CLOSED, "fiscalYear", "fiscal year " + year + " is already closed");
        }
        if (!FundingBasis.COST_RECOVERY.name().equals(view.basis())) {
            apply(new FiscalYearClosed(id, year));
            return;
        }
        // cost recovery: each year's positions are carried into the next, so years close in order
        FiscalYear open = first.through(year).stream()
                .filter(earlier -> earlier.isBefore(year) && !closed.contains(earlier))
                .findFirst()
                .orElse(null);
        if (open != null) {
            throw new RuleViolation(
                    Rule.EARLIER_YEAR_OPEN,
                    "fiscalYear",
                    "fiscal year " + open + " is still open: on a cost-recovery arrangement years close in order");
        }
        List<Carry> positions = positionsIn(year);
        apply(
                year.equals(last)
                        ? new FiscalYearClosed(id, year, List.of(), positions)
                        : new FiscalYearClosed(id, year, positions, List.of()));
    }

    /**
     * Every event is folded into the view first (the same fold the balances use, so a close records
     * exactly the positions the balances show), then into what the rules need.
     */
    @EventSourcingHandler
    void on(ArrangementEvent event, @SequenceNumber long sequence, @Timestamp Instant recordedAt) {
        view = LedgerView.fold(view, event, sequence, recordedAt);
        if (event instanceof ArrangementOpened e) {
            on(e);
        } else if (event instanceof FundingCommitted e) {
            on(e);
        } else if (event instanceof FundingPledged e) {
            on(e);
        } else if (event instanceof PledgeConfirmed e) {
            on(e);
        } else if (event instanceof PledgeWithdrawn e) {
            on(e);
        } else if (event instanceof DecisionRegistered e) {
            on(e);
        } else if (event instanceof ContributorSharesSet e) {
            on(e);
        } else if (event instanceof DecisionsRequiredSet e) {
            on(e);
        } else if (event instanceof FundsReceived e) {
            on(e);
        } else if (event instanceof InKindRecorded e) {
            on(e);
        } else if (event instanceof CostRecorded e) {
            on(e);
        } else if (event instanceof ArrangementReviewed e) {
            on(e);
        } else if (event instanceof EntryReversed e) {
            on(e);
        } else if (event instanceof FiscalYearClosed e) {
            on(e);
        } else if (event instanceof EntriesImported e) {
            e.rows().forEach(row -> imported.put(row.reference(), row.digest()));
        }
    }

    private void on(ArrangementOpened event) {
        id = event.arrangementId();
        currency = event.currency();
        first = event.firstFiscalYear();
        last = event.lastFiscalYear();
        sharesFrom.put(first, event.shares());
    }

    private void on(FundingCommitted event) {
        contributors.add(pair(event.funder(), event.contributor()));
        committed(
                event.entryId(),
                event.funder(),
                event.contributor(),
                event.fiscalYear(),
                event.amount(),
                event.reportingAmount(),
                event.decisionRef());
    }

    private void on(FundingPledged event) {
        contributors.add(pair(event.funder(), event.contributor()));
        // a pledge's id is taken, and a pledge is withdrawn, never reversed
        entries.put(event.entryId(), null);
        pledges.put(
                event.entryId(),
                new Pledge(
                        event.funder(),
                        event.contributor(),
                        event.fiscalYear(),
                        event.amount(),
                        event.reportingAmount(),
                        true));
        noteYear(event.fiscalYear());
    }

    private void on(PledgeConfirmed event) {
        pledges.computeIfPresent(event.pledgeId(), (pledgeId, pledge) -> closed(pledge));
        committed(
                event.entryId(),
                event.funder(),
                event.contributor(),
                event.fiscalYear(),
                event.amount(),
                event.reportingAmount(),
                event.decisionRef());
    }

    private void on(PledgeWithdrawn event) {
        pledges.computeIfPresent(event.pledgeId(), (pledgeId, pledge) -> closed(pledge));
    }

    /** A commitment, made directly or by confirming a pledge: reversible, and counted under its decision. */
    private void committed(
            EntryId entryId,
            Funder funder,
            Contributor contributor,
            FiscalYear year,
            Money amount,
            Money reportingAmount,
            DecisionRef decisionRef) {
        record(
                entryId,
                new Entry(
                        EntryKind.COMMITMENT,
                        year,
                        funder,
                        contributor,
                        amount,
                        reportingAmount,
                        decisionRef,
                        null,
                        false));
        cite(decisionRef, funder, contributor, year, amount.amountMinor());
    }

    private static Pledge closed(Pledge pledge) {
        return new Pledge(
                pledge.funder(),
                pledge.contributor(),
                pledge.fiscalYear(),
                pledge.amount(),
                pledge.reportingAmount(),
                false);
    }

    private void on(DecisionRegistered event) {
        decisions.put(event.decisionRef(), event.authorisations());
    }

    private void on(ContributorSharesSet event) {
        NavigableMap<FiscalYear, ContributorSplit> byYear =
                splits.computeIfAbsent(event.funder(), f -> new TreeMap<>());
        byYear.tailMap(event.effectiveFrom(), true).clear();
        byYear.put(event.effectiveFrom(), new ContributorSplit(event.funder(), event.contributors()));
    }

    private void on(DecisionsRequiredSet event) {
        decisionsRequired = event.required();
    }

    private void on(FundsReceived event) {
        contributors.add(pair(event.funder(), event.contributor()));
        record(
                event.entryId(),
                new Entry(
                        EntryKind.RECEIPT,
                        event.fiscalYear(),
                        event.funder(),
                        event.contributor(),
                        event.amount(),
                        event.reportingAmount(),
                        null,
                        null,
                        false));
    }

    private void on(InKindRecorded event) {
        contributors.add(pair(event.funder(), event.contributor()));
        record(
                event.entryId(),
                new Entry(
                        EntryKind.IN_KIND,
                        event.fiscalYear(),
                        event.funder(),
                        event.contributor(),
                        event.value(),
                        event.value(),
                        null,
                        event.treatment(),
                        false));
    }

    private void on(CostRecorded event) {
        record(
                event.entryId(),
                new Entry(
                        EntryKind.COST,
                        event.fiscalYear(),
                        null,
                        null,
                        event.amount(),
                        event.amount(),
                        null,
                        null,
                        false));
    }

    private void on(ArrangementReviewed event) {
        if (event.shares() != null) {
            sharesFrom.tailMap(event.effectiveFrom(), true).clear();
            sharesFrom.put(event.effectiveFrom(), event.shares());
        }
        if (event.lastFiscalYear() != null) {
            last = event.lastFiscalYear();
        }
    }

    private void on(EntryReversed event) {
        Entry reversed = entries.computeIfPresent(event.reversedEntryId(), (entryId, entry) -> entry.asReversed());
        if (reversed != null && reversed.decisionRef() != null) {
            cite(
                    reversed.decisionRef(),
                    reversed.funder(),
                    reversed.contributor(),
                    reversed.fiscalYear(),
                    -reversed.amount().amountMinor());
        }
        // a reversal's id is taken but is not itself reversible
        entries.put(event.reversalId(), null);
    }

    private void on(FiscalYearClosed event) {
        closed.add(event.fiscalYear());
    }

    private void cite(DecisionRef ref, Funder funder, Contributor contributor, FiscalYear year, long amountMinor) {
        committedUnder
                .computeIfAbsent(ref, r -> new HashMap<>())
                .merge(new Cited(funder, contributor, year), amountMinor, Math::addExact);
    }

    /**
     * A commitment citing a registered decision must be covered by one of its authorisations,
     * within what is left of it; citing an unregistered one is allowed unless decisions are required.
     */
    private void requireAuthorised(
            DecisionRef ref, Funder funder, Contributor contributor, FiscalYear year, Money amount) {
        requireRegisteredIfRequired(ref);
        List<Authorisation> authorisations = decisions.get(ref);
        if (authorisations == null) {
            return;
        }
        Authorisation covering = authorisations.stream()
                .filter(a -> a.covers(funder, contributor, year))
                .findFirst()
                .orElseThrow(() -> new RuleViolation(
                        Rule.DECISION_DOES_NOT_COVER,
                        "decisionRef",
                        "decision " + ref + " authorises nothing for " + funder + " (" + contributor + ") in " + year));
        long committed = committedUnder.getOrDefault(ref, Map.of()).entrySet().stream()
                .filter(e -> covering.covers(
                        e.getKey().funder(),
                        e.getKey().contributor(),
                        e.getKey().fiscalYear()))
                .mapToLong(Map.Entry::getValue)
                .sum();
        long headroom = covering.amount().amountMinor() - committed;
        if (amount.amountMinor() > headroom) {
            throw new RuleViolation(
                    Rule.DECISION_LIMIT_EXCEEDED,
                    "amount",
                    "decision " + ref + " authorises " + covering.amount() + " for " + funder
                            + (covering.contributor() == null ? "" : " (" + covering.contributor() + ")") + " in "
                            + year + "; the remaining headroom is "
                            + new Money(Math.max(0, headroom), amount.currency())
                            + ", less than " + amount);
        }
    }

    /**
     * The rules every entry of a funder in money obeys (a commitment, a receipt, a pledge): those of
     * {@link #requireEntryOf} and a positive amount in the funder's currency. The paying contributor.
     */
    private Contributor requireFundersEntry(
            EntryId entryId, Funder funder, Contributor given, FiscalYear year, Money amount) {
        Contributor contributor = requireEntryOf(entryId, funder, given, year);
        requireAmount(amount, view.currencyOf(funder), "amount");
        return contributor;
    }

    /**
     * The rules every entry of a funder obeys (in money or in kind): a new entry id, an open year of
     * the term, a party that year, one of the contributors of a split share, room for a new paying
     * body. The paying contributor.
     */
    private Contributor requireEntryOf(EntryId entryId, Funder funder, Contributor given, FiscalYear year) {
        requireEntry(entryId);
        requireOpenYear(year);
        requireParty(funder, year);
        requireContributorOfSplit(funder, given, year);
        Contributor contributor = contributorOf(funder, given);
        requireContributorRoom(funder, contributor);
        return contributor;
    }

    /**
     * What an amount in the funder's currency is in the reporting one (LEDGER.md 8.4): for a funder
     * in the reporting currency nothing may be given and it is the amount itself; otherwise the
     * reporting amount, the rate, or both (then they must agree: amount x rate, half to even at the
     * reporting currency's minor digits).
     */
    private Conversion reportingOf(Funder funder, Money amount, Conversion given) {
        Conversion conversion = given == null ? Conversion.NONE : given;
        if (view.currencyOf(funder).equals(currency)) {
            if (!conversion.isEmpty()) {
                throw new RuleViolation(
                        Rule.REPORTING_AMOUNT_NOT_ALLOWED,
                        conversion.reportingAmount() != null
                                ? "reportingAmount"
                                : conversion.rate() != null ? "rate" : "rateSource",
                        funder + " settles in " + currency.getCurrencyCode()
                                + ", the reporting currency: give no reporting amount, rate or rate source");
            }
            return new Conversion(amount, null, null);
        }
        if (conversion.rateSource() != null) {
            Text.require(conversion.rateSource(), "rateSource", Text.MAX_LENGTH);
        }
        Money computed = null;
        if (conversion.rate() != null) {
            BigDecimal rate = conversion.rate();
            if (rate.signum() <= 0 || rate.stripTrailingZeros().precision() > MAX_RATE_DIGITS) {
                throw new RuleViolation(
                        Rule.RATE_INVALID,
                        "rate",
                        "a rate is a positive decimal of at most " + MAX_RATE_DIGITS + " significant digits");
            }
            computed = convert(amount, rate, currency);
        }
        Money reportingAmount = conversion.reportingAmount();
        if (reportingAmount == null) {
            if (computed == null) {
                throw new RuleViolation(
                        Rule.REPORTING_AMOUNT_REQUIRED,
                        "reportingAmount",
                        funder + " settles in " + view.currencyOf(funder).getCurrencyCode()
                                + ": give the amount in " + currency.getCurrencyCode()
                                + " (reportingAmount), the rate, or both");
            }
            return new Conversion(computed, conversion.rate(), conversion.rateSource());
        }
        requireAmount(reportingAmount, currency, "reportingAmount");
        if (computed != null && !computed.equals(reportingAmount)) {
            throw new RuleViolation(
                    Rule.RATE_MISMATCH,
                    "reportingAmount",
                    amount + " at " + conversion.rate().toPlainString() + " is " + computed + ", not " + reportingAmount
                            + " (rounded half to even)");
        }
        return conversion;
    }

    /** amount x rate in {@code to}, rounded half to even at its minor digits: exact, never a double. */
    public static Money convert(Money amount, BigDecimal rate, Currency to) {
        BigDecimal value = amount.toBigDecimal().multiply(rate).setScale(Money.minorDigits(to), RoundingMode.HALF_EVEN);
        return new Money(value.movePointRight(Money.minorDigits(to)).longValueExact(), to);
    }

    /**
     * The positions of the year as the balances show them now: each funder's, and each contributor's
     * of a split share. What a close carries forward or settles.
     */
    private List<Carry> positionsIn(FiscalYear year) {
        Balances balances = Balances.of(view, year, null);
        List<Carry> positions = new ArrayList<>();
        for (Balances.Row row : balances.rows()) {
            positions.add(new Carry(row.funder(), null, row.position()));
            for (Balances.ContributorRow contributorRow : balances.contributors()) {
                if (contributorRow.funder().equals(row.funder())) {
                    contributorRow
                            .position()
                            .ifPresent(position ->
                                    positions.add(new Carry(row.funder(), contributorRow.contributor(), position)));
                }
            }
        }
        return positions;
    }

    /**
     * The funders that settle in a currency other than the reporting one, as given with their shares
     * (LEDGER.md 8.4): each names a funder of the shares and a currency with minor units; a funder that
     * is already a party keeps its currency ({@code currency-mismatch} otherwise).
     */
    private Map<Funder, Currency> ownCurrencies(
            Map<Funder, Currency> given, Shares shares, Currency reporting, Set<Funder> parties) {
        Map<Funder, Currency> own = new TreeMap<>(Comparator.comparing(Funder::value));
        if (given == null) {
            return own;
        }
        for (Map.Entry<Funder, Currency> entry : given.entrySet()) {
            Funder funder = entry.getKey();
            Currency named = required(entry.getValue(), "currency");
            if (!shares.includes(funder)) {
                throw new RuleViolation(
                        Rule.FUNDER_NOT_PARTY, "shares", funder + " has no share to settle in a currency of its own");
            }
            Money.minorDigits(named);
            if (parties.contains(funder)) {
                Currency current = view.currencyOf(funder);
                if (!current.equals(named)) {
                    throw new RuleViolation(
                            Rule.CURRENCY_MISMATCH,
                            "shares",
                            funder + " settles in " + current.getCurrencyCode()
                                    + "; a funder's currency is fixed once it" + " is a party, so it cannot become "
                                    + named.getCurrencyCode());
                }
            } else if (!named.equals(reporting)) {
                own.put(funder, named);
            }
        }
        return own;
    }

    /** Every funder that has had a share in any year. */
    private Set<Funder> partiesSoFar() {
        Set<Funder> parties = new HashSet<>();
        sharesFrom.values().forEach(s -> parties.addAll(s.funders()));
        return parties;
    }

    /** Each split is of a funder with a share, once per funder. */
    private static void requireSplitsOf(List<ContributorSplit> given, Shares shares) {
        Set<Funder> seen = new HashSet<>();
        for (ContributorSplit split : given) {
            if (!shares.includes(split.funder())) {
                throw new RuleViolation(
                        Rule.FUNDER_NOT_PARTY, "shares", split.funder() + " has no share to split among contributors");
            }
            if (!seen.add(split.funder())) {
                throw new RuleViolation(
                        Rule.SHARES_INVALID, "shares", "the share of " + split.funder() + " is split twice");
            }
        }
    }

    /** An entry of a funder whose share is split names one of the contributors of that year's split. */
    private void requireContributorOfSplit(Funder funder, Contributor contributor, FiscalYear year) {
        NavigableMap<FiscalYear, ContributorSplit> byYear = splits.get(funder);
        Map.Entry<FiscalYear, ContributorSplit> split = byYear == null ? null : byYear.floorEntry(year);
        if (split == null) {
            return;
        }
        if (contributor == null) {
            throw new RuleViolation(
                    Rule.CONTRIBUTOR_REQUIRED,
                    "contributor",
                    "the share of " + funder + " is split among contributors in " + year + ": name one of "
                            + split.getValue().contributors().stream()
                                    .map(c -> c.contributor().value())
                                    .toList());
        }
        if (!split.getValue().includes(contributor)) {
            throw new RuleViolation(
                    Rule.CONTRIBUTOR_NOT_PARTY,
                    "contributor",
                    contributor + " is not one of the contributors of " + funder + " in " + year);
        }
    }

    private void requireRegisteredIfRequired(DecisionRef ref) {
        if (decisionsRequired && !decisions.containsKey(ref)) {
            throw new RuleViolation(
                    Rule.DECISION_NOT_REGISTERED,
                    "decisionRef",
                    "decision " + ref + " is not registered, and " + id + " requires registered decisions");
        }
    }

    private void record(EntryId entryId, Entry entry) {
        entries.put(entryId, entry);
        noteYear(entry.fiscalYear());
    }

    private void noteYear(FiscalYear year) {
        if (latestYearWithEntries == null || year.isAfter(latestYearWithEntries)) {
            latestYearWithEntries = year;
        }
    }

    private void requireEntry(EntryId entryId) {
        required(entryId, "entryId");
        if (entries.containsKey(entryId)) {
            throw new RuleViolation(
                    Rule.ENTRY_ID_TAKEN, "entryId", "entry id " + entryId + " is already used in " + id);
        }
    }

    private static void requireTermAtMost(FiscalYear first, FiscalYear last) {
        if (first.through(last).size() > MAX_TERM_YEARS) {
            throw new RuleViolation(
                    Rule.TERM_INVALID,
                    "lastFiscalYear",
                    "a term runs at most " + MAX_TERM_YEARS + " fiscal years; " + first + " to " + last + " is longer");
        }
    }

    private void requireContributorRoom(Funder funder, Contributor contributor) {
        if (!contributors.contains(pair(funder, contributor)) && contributors.size() >= MAX_CONTRIBUTORS) {
            throw new RuleViolation(
                    Rule.CONTRIBUTOR_LIMIT,
                    "contributor",
                    "an arrangement has at most " + MAX_CONTRIBUTORS + " paying bodies across its funders; "
                            + contributor + " of " + funder + " would be one more");
        }
    }

    private static String pair(Funder funder, Contributor contributor) {
        return funder.value() + "\u0000" + contributor.value();
    }

    private void requireOpenYear(FiscalYear year) {
        required(year, "fiscalYear");
        requireInTerm(year, "fiscalYear");
        if (closed.contains(year)) {
            throw new RuleViolation(Rule.FISCAL_YEAR_CLOSED, "fiscalYear", "fiscal year " + year + " is closed");
        }
    }

    private void requireInTerm(FiscalYear year, String field) {
        if (year.isBefore(first) || year.isAfter(last)) {
            throw new RuleViolation(
                    Rule.FISCAL_YEAR_OUTSIDE_TERM,
                    field,
                    "fiscal year " + year + " is outside the term " + first + " to " + last);
        }
    }

    private void requireParty(Funder funder, FiscalYear year) {
        required(funder, "funder");
        if (!sharesFrom.floorEntry(year).getValue().includes(funder)) {
            throw new RuleViolation(
                    Rule.FUNDER_NOT_PARTY, "funder", funder + " is not a funder of " + id + " in " + year);
        }
    }

    private static void requireAmount(Money amount, Currency currency, String field) {
        required(amount, field);
        if (!amount.currency().equals(currency)) {
            throw new RuleViolation(
                    Rule.CURRENCY_MISMATCH,
                    field,
                    "the arrangement is kept in " + currency.getCurrencyCode() + ", not "
                            + amount.currency().getCurrencyCode());
        }
        if (!amount.isPositive()) {
            throw new RuleViolation(Rule.AMOUNT_NOT_POSITIVE, field, field + " must be greater than zero");
        }
    }

    private static Contributor contributorOf(Funder funder, Contributor contributor) {
        return contributor != null ? contributor : new Contributor(funder.value());
    }

    /** A command built without a value it needs: a programming error of the caller, not a rule (the edge checks shapes). */
    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }
}
