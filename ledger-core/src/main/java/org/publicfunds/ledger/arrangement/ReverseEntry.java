package org.publicfunds.ledger.arrangement;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Cancel one earlier entry by a new entry; nothing is edited or deleted. */
public record ReverseEntry(
        @TargetAggregateIdentifier ArrangementId arrangementId, EntryId reversalId, EntryId entryId, String reason) {}
