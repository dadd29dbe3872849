package org.publicfunds.ledger.arrangement;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Withdraw an open pledge, with the reason. */
public record WithdrawPledge(@TargetAggregateIdentifier ArrangementId arrangementId, EntryId pledgeId, String reason) {}
