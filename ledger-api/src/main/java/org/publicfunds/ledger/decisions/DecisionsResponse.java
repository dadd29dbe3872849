package org.publicfunds.ledger.decisions;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Currency;
import java.util.List;
import org.publicfunds.ledger.decision.DecisionRegister;
import org.publicfunds.ledger.money.Money;

record DecisionsResponse(List<Summary> decisions) {

    record Summary(
            @Schema(example = "ADD2634") String decisionRef,
            boolean registered,

            @Schema(nullable = true, description = "absent when not registered")
            String title,

            @Schema(nullable = true) String decisionType,
            @Schema(nullable = true, example = "2023-10-02") String signedOn,

            @Schema(description = "the sum of its authorisations; 0 when not registered")
            String authorised,

            @Schema(description = "the not-reversed commitments citing it")
            String committed) {}

    static DecisionsResponse of(List<DecisionRegister.Decision> decisions, Currency currency) {
        return new DecisionsResponse(decisions.stream()
                .map(d -> new Summary(
                        d.decisionRef().value(),
                        d.registered(),
                        d.title(),
                        d.decisionType(),
                        d.signedOn() == null ? null : d.signedOn().toString(),
                        new Money(d.authorisedMinor(), currency).toPlainString(),
                        new Money(d.committedMinor(), currency).toPlainString()))
                .toList());
    }
}
