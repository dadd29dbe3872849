package org.publicfunds.ledger.arrangement;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.publicfunds.ledger.money.Money;

/** Turn an open pledge into a commitment under a decision; the amount may differ from the pledge's. */
public record ConfirmPledge(
        @TargetAggregateIdentifier ArrangementId arrangementId,
        EntryId pledgeId,
        EntryId entryId,
        Money amount,
        DecisionRef decisionRef) {}
