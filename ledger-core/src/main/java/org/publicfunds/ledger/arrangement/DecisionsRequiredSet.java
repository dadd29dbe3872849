package org.publicfunds.ledger.arrangement;

import org.axonframework.serialization.Revision;

/**
 * Whether every commitment and review must cite a registered decision, set when the arrangement
 * is opened (then the reason is null) or changed by a review (with its reason and decision).
 */
@Revision("1")
public record DecisionsRequiredSet(
        ArrangementId arrangementId, boolean required, String reason, DecisionRef decisionRef)
        implements ArrangementEvent {}
