package org.publicfunds.ledger.arrangement;

import java.time.LocalDate;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Register a decision that authorises amounts (LEDGER.md 8.1). The decision type is optional;
 * the authorisations may be empty (a decision that approves no money, only a change).
 */
public record RegisterDecision(
        @TargetAggregateIdentifier ArrangementId arrangementId,
        DecisionRef decisionRef,
        String title,
        String decisionType,
        LocalDate signedOn,
        List<Authorisation> authorisations) {}
