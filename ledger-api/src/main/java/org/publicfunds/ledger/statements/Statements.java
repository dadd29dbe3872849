package org.publicfunds.ledger.statements;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.publicfunds.ledger.arrangement.ArrangementEvent;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.CostRecorded;
import org.publicfunds.ledger.arrangement.EntryId;
import org.publicfunds.ledger.arrangement.EntryKind;
import org.publicfunds.ledger.arrangement.EntryReversed;
import org.publicfunds.ledger.arrangement.FiscalYearClosed;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.FundingCommitted;
import org.publicfunds.ledger.arrangement.FundingPledged;
import org.publicfunds.ledger.arrangement.FundsReceived;
import org.publicfunds.ledger.arrangement.InKindRecorded;
import org.publicfunds.ledger.arrangement.PledgeConfirmed;
import org.publicfunds.ledger.arrangement.PledgeWithdrawn;
import org.publicfunds.ledger.arrangement.Treatment;
import org.publicfunds.ledger.arrangement.balance.Balances;
import org.publicfunds.ledger.arrangement.balance.LedgerView;
import org.publicfunds.ledger.eventstore.EventLog;
import org.publicfunds.ledger.fiscal.FiscalYear;
import org.publicfunds.ledger.money.Money;
import org.publicfunds.ledger.system.ErrorCode;
import org.publicfunds.ledger.system.ProblemException;
import org.publicfunds.ledger.system.UnknownArrangement;

/**
 * Computes a statement from an arrangement's events up to a point of the history: the same
 * events folded the way the balances fold them, so the statement's closing is the balance row's
 * position at that point. A pure function of its input: the service calls it with the events it
 * reads, an auditor's offline recompute with the events of an export, and both get the same
 * statement.
 */
public final class Statements {

    private Statements() {}

    /**
     * @param events the arrangement's events in order, up to and including {@code headPosition}
     * @param contributor null for the funder's statement
     */
    public static Statement of(
            String arrangementId,
            Funder funder,
            Contributor contributor,
            FiscalYear year,
            List<EventLog.PositionedEvent> events,
            long headPosition,
            String headHash) {
        LedgerView view = null;
        Lines lines = new Lines(funder, contributor, year);
        for (EventLog.PositionedEvent event : events) {
            ArrangementEvent payload = (ArrangementEvent) event.payload();
            view = LedgerView.fold(view, payload, event.position(), event.createdAt());
            lines.add(event, payload, view);
        }
        if (view == null) {
            throw new UnknownArrangement(arrangementId);
        }
        if (year.isBefore(view.firstFiscalYear()) || year.isAfter(view.lastFiscalYear())) {
            throw new ProblemException(
                    ErrorCode.INVALID_FIELD,
                    "fiscalYear",
                    "fiscal year " + year + " is outside the term " + view.firstFiscalYear() + " to "
                            + view.lastFiscalYear() + " of " + arrangementId);
        }
        Balances balances = Balances.of(view, year, funder);
        Balances.Row row = balances.rows().stream()
                .filter(r -> r.funder().equals(funder))
                .findFirst()
                .orElseThrow(() -> new ProblemException(
                        ErrorCode.FUNDER_NOT_FOUND,
                        "funder",
                        funder + " is not a funder of " + arrangementId + " in " + year));
        Optional<Money> carried;
        Optional<Money> settled;
        Statement.Totals totals;
        String opening;
        String closing;
        String contributorPercent = null;
        if (contributor == null) {
            opening = amount(row.broughtForward());
            closing = amount(row.position());
            carried = row.carriedForward();
            settled = row.settlement();
            totals = new Statement.Totals(
                    row.budgetShare().map(Statements::amount).orElse(null),
                    amount(row.committed()),
                    amount(row.pledged()),
                    amount(row.received()),
                    amount(row.inKind()),
                    amount(row.costShare()));
        } else {
            Balances.ContributorRow part = balances.contributors().stream()
                    .filter(c -> c.funder().equals(funder) && c.contributor().equals(contributor))
                    .findFirst()
                    .orElseThrow(() -> new ProblemException(
                            ErrorCode.FUNDER_NOT_FOUND,
                            "contributor",
                            contributor + " has no figures for " + funder + " in " + year + " of " + arrangementId));
            opening = amount(part.broughtForward());
            closing = part.position().map(Statements::amount).orElse(null);
            carried = part.carriedForward();
            settled = part.settlement();
            contributorPercent = part.sharePercent().map(p -> p.toPlainString()).orElse(null);
            totals = new Statement.Totals(
                    part.budgetShare().map(Statements::amount).orElse(null),
                    amount(part.committed()),
                    amount(part.pledged()),
                    amount(part.received()),
                    amount(part.inKind()),
                    part.costShare().map(Statements::amount).orElse(null));
        }
        return new Statement(
                arrangementId,
                view.name(),
                view.host(),
                funder.value(),
                contributor == null ? null : contributor.value(),
                year.label(),
                view.currency().getCurrencyCode(),
                view.currencyOf(funder).getCurrencyCode(),
                row.sharePercent().toPlainString(),
                contributorPercent,
                opening,
                List.copyOf(lines.lines),
                totals,
                closing,
                carried.map(Statements::amount).orElse(null),
                settled.map(Statements::amount).orElse(null),
                view.closed().contains(year),
                headPosition,
                headHash);
    }

    static String amount(Money money) {
        return money.toPlainString();
    }

    /** The lines of one statement, gathered as the events go by. */
    private static final class Lines {
        private final Funder funder;
        private final Contributor contributor;
        private final FiscalYear year;
        private final List<Statement.Line> lines = new ArrayList<>();
        /** The entries shown: a reversal of one of them is shown too. */
        private final Set<EntryId> shown = new HashSet<>();

        Lines(Funder funder, Contributor contributor, FiscalYear year) {
            this.funder = funder;
            this.contributor = contributor;
            this.year = year;
        }

        private boolean ours(Funder f, Contributor c, FiscalYear y) {
            return funder.equals(f) && year.equals(y) && (contributor == null || contributor.equals(c));
        }

        void add(EventLog.PositionedEvent at, ArrangementEvent event, LedgerView view) {
            Currency own = view.currencyOf(funder);
            boolean foreign = !own.equals(view.currency());
            if (event instanceof FundingCommitted e && ours(e.funder(), e.contributor(), e.fiscalYear())) {
                line(
                        at,
                        "commitment",
                        e.entryId(),
                        "committed",
                        e.decisionRef().value(),
                        e.contributor(),
                        e.reportingAmount(),
                        foreign ? original(e.amount(), e.rate()) : null);
            } else if (event instanceof PledgeConfirmed e && ours(e.funder(), e.contributor(), e.fiscalYear())) {
                line(
                        at,
                        "pledge-confirmed",
                        e.entryId(),
                        "pledge " + e.pledgeId() + " confirmed as a commitment",
                        e.decisionRef().value(),
                        e.contributor(),
                        e.reportingAmount(),
                        foreign ? original(e.amount(), e.rate()) : null);
            } else if (event instanceof FundingPledged e && ours(e.funder(), e.contributor(), e.fiscalYear())) {
                line(
                        at,
                        "pledge",
                        e.entryId(),
                        e.note() == null ? "pledged" : e.note(),
                        null,
                        e.contributor(),
                        e.reportingAmount(),
                        foreign ? original(e.amount(), e.rate()) : null);
            } else if (event instanceof PledgeWithdrawn e && ours(e.funder(), e.contributor(), e.fiscalYear())) {
                line(
                        at,
                        "pledge-withdrawn",
                        e.pledgeId(),
                        "pledge withdrawn: " + e.reason(),
                        null,
                        e.contributor(),
                        e.reportingAmount().negate(),
                        foreign ? original(e.amount().negate(), null) : null);
            } else if (event instanceof FundsReceived e && ours(e.funder(), e.contributor(), e.fiscalYear())) {
                line(
                        at,
                        "receipt",
                        e.entryId(),
                        "received on " + e.receivedOn(),
                        null,
                        e.contributor(),
                        e.reportingAmount(),
                        foreign ? original(e.amount(), e.rate()) : null);
            } else if (event instanceof InKindRecorded e && ours(e.funder(), e.contributor(), e.fiscalYear())) {
                line(
                        at,
                        e.treatment() == Treatment.OFFSET ? "in-kind-offset" : "in-kind-memo",
                        e.entryId(),
                        e.category() + ": " + e.description(),
                        null,
                        e.contributor(),
                        e.value(),
                        null);
            } else if (event instanceof CostRecorded e && year.equals(e.fiscalYear())) {
                line(at, "cost", e.entryId(), e.category() + ": " + e.description(), null, null, e.amount(), null);
            } else if (event instanceof EntryReversed e && shown.contains(e.reversedEntryId())) {
                line(
                        at,
                        "reversal",
                        e.reversalId(),
                        "reverses " + e.reversedEntryId() + ": " + e.reason(),
                        null,
                        e.contributor(),
                        e.reportingAmount().negate(),
                        foreign && (e.kind() == EntryKind.COMMITMENT || e.kind() == EntryKind.RECEIPT)
                                ? original(e.amount().negate(), null)
                                : null);
            } else if (event instanceof FiscalYearClosed e && year.equals(e.fiscalYear())) {
                Optional<Money> carried = LedgerView.Closing.lineOf(e.carryForward(), funder, contributor);
                Optional<Money> settled = LedgerView.Closing.lineOf(e.settlements(), funder, contributor);
                String what = carried.isPresent()
                        ? "year closed: position carried forward into the next year"
                        : settled.isPresent() ? "year closed: settlement of the last year" : "year closed";
                line(
                        at,
                        "close",
                        null,
                        what,
                        null,
                        contributor,
                        carried.or(() -> settled).orElse(null),
                        null);
            }
        }

        private void line(
                EventLog.PositionedEvent at,
                String kind,
                EntryId entryId,
                String description,
                String decisionRef,
                Contributor paying,
                Money amount,
                Statement.Original original) {
            if (entryId != null) {
                shown.add(entryId);
            }
            lines.add(new Statement.Line(
                    at.position(),
                    at.recordedAt().toString(),
                    kind,
                    entryId == null ? null : entryId.value(),
                    description,
                    decisionRef,
                    paying == null ? null : paying.value(),
                    amount == null ? null : amount(amount),
                    original));
        }

        private static Statement.Original original(Money amount, BigDecimal rate) {
            return new Statement.Original(
                    amount(amount), amount.currency().getCurrencyCode(), rate == null ? null : rate.toPlainString());
        }
    }
}
