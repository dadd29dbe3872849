package org.publicfunds.ledger.decision;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.publicfunds.ledger.arrangement.ArrangementEvent;
import org.publicfunds.ledger.arrangement.ArrangementOpened;
import org.publicfunds.ledger.arrangement.ArrangementReviewed;
import org.publicfunds.ledger.arrangement.Authorisation;
import org.publicfunds.ledger.arrangement.Contributor;
import org.publicfunds.ledger.arrangement.DecisionRef;
import org.publicfunds.ledger.arrangement.DecisionRegistered;
import org.publicfunds.ledger.arrangement.DecisionsRequiredSet;
import org.publicfunds.ledger.arrangement.EntryId;
import org.publicfunds.ledger.arrangement.EntryKind;
import org.publicfunds.ledger.arrangement.EntryReversed;
import org.publicfunds.ledger.arrangement.Funder;
import org.publicfunds.ledger.arrangement.FundingCommitted;
import org.publicfunds.ledger.arrangement.PledgeConfirmed;
import org.publicfunds.ledger.fiscal.FiscalYear;

/**
 * The decision register of one arrangement (LEDGER.md 8.1): every decision reference that is
 * registered or cited, what each registered one authorises, and the commitments citing each,
 * folded from the arrangement's events in order. Amounts are in minor units of the arrangement's
 * currency.
 */
public final class DecisionRegister {

    /** A commitment citing a decision, and whether it has been reversed since. */
    public record Line(
            EntryId entryId,
            EntryKind kind,
            Funder funder,
            Contributor contributor,
            FiscalYear fiscalYear,
            long amountMinor,
            long position,
            boolean reversed) {}

    /** One authorisation with what is committed under it and what is left. */
    public record Use(Authorisation authorisation, long committedMinor) {
        public long headroomMinor() {
            return authorisation.amount().amountMinor() - committedMinor;
        }
    }

    /** One decision reference: its registration (null when only cited) and the commitments citing it. */
    public record Decision(DecisionRef decisionRef, DecisionRegistered registration, List<Line> entries) {

        public boolean registered() {
            return registration != null;
        }

        public String title() {
            return registered() ? registration.title() : null;
        }

        public String decisionType() {
            return registered() ? registration.decisionType() : null;
        }

        public LocalDate signedOn() {
            return registered() ? registration.signedOn() : null;
        }

        /** The sum of its authorisations; 0 when it is not registered. */
        public long authorisedMinor() {
            return registered()
                    ? registration.authorisations().stream()
                            .mapToLong(a -> a.amount().amountMinor())
                            .sum()
                    : 0;
        }

        /** The not-reversed commitments citing it. */
        public long committedMinor() {
            return entries.stream()
                    .filter(line -> !line.reversed())
                    .mapToLong(Line::amountMinor)
                    .sum();
        }

        /** Each authorisation with the not-reversed commitments it covers. */
        public List<Use> authorisations() {
            if (!registered()) {
                return List.of();
            }
            List<Use> uses = new ArrayList<>();
            for (Authorisation authorisation : registration.authorisations()) {
                long committed = entries.stream()
                        .filter(line -> !line.reversed()
                                && authorisation.covers(line.funder(), line.contributor(), line.fiscalYear()))
                        .mapToLong(Line::amountMinor)
                        .sum();
                uses.add(new Use(authorisation, committed));
            }
            return uses;
        }
    }

    private final Map<DecisionRef, DecisionRegistered> registrations = new HashMap<>();
    private final Map<DecisionRef, List<Line>> entries = new LinkedHashMap<>();
    private final Map<EntryId, DecisionRef> citedBy = new HashMap<>();

    /** Folds one event of the arrangement in, at its global position. */
    public void apply(ArrangementEvent event, long position) {
        if (event instanceof ArrangementOpened e) {
            cite(e.decisionRef());
        } else if (event instanceof ArrangementReviewed e) {
            cite(e.decisionRef());
        } else if (event instanceof DecisionsRequiredSet e) {
            cite(e.decisionRef());
        } else if (event instanceof DecisionRegistered e) {
            registrations.put(e.decisionRef(), e);
            cite(e.decisionRef());
        } else if (event instanceof FundingCommitted e) {
            cite(e.decisionRef())
                    .add(new Line(
                            e.entryId(),
                            EntryKind.COMMITMENT,
                            e.funder(),
                            e.contributor(),
                            e.fiscalYear(),
                            e.amount().amountMinor(),
                            position,
                            false));
            citedBy.put(e.entryId(), e.decisionRef());
        } else if (event instanceof PledgeConfirmed e) {
            cite(e.decisionRef())
                    .add(new Line(
                            e.entryId(),
                            EntryKind.COMMITMENT,
                            e.funder(),
                            e.contributor(),
                            e.fiscalYear(),
                            e.amount().amountMinor(),
                            position,
                            false));
            citedBy.put(e.entryId(), e.decisionRef());
        } else if (event instanceof EntryReversed e && citedBy.containsKey(e.reversedEntryId())) {
            List<Line> lines = entries.get(citedBy.get(e.reversedEntryId()));
            for (int i = 0; i < lines.size(); i++) {
                Line line = lines.get(i);
                if (line.entryId().equals(e.reversedEntryId())) {
                    lines.set(
                            i,
                            new Line(
                                    line.entryId(),
                                    line.kind(),
                                    line.funder(),
                                    line.contributor(),
                                    line.fiscalYear(),
                                    line.amountMinor(),
                                    line.position(),
                                    true));
                }
            }
        }
    }

    /** Every reference registered or cited, in the order it first appeared. */
    public List<Decision> decisions() {
        List<Decision> all = new ArrayList<>();
        for (DecisionRef ref : entries.keySet()) {
            all.add(decision(ref).orElseThrow());
        }
        return all;
    }

    public Optional<Decision> decision(DecisionRef ref) {
        List<Line> lines = entries.get(ref);
        return lines == null
                ? Optional.empty()
                : Optional.of(new Decision(ref, registrations.get(ref), List.copyOf(lines)));
    }

    private List<Line> cite(DecisionRef ref) {
        return entries.computeIfAbsent(ref, r -> new ArrayList<>());
    }
}
