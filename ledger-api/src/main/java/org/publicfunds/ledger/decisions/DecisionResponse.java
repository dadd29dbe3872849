package org.publicfunds.ledger.decisions;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Currency;
import java.util.List;
import org.publicfunds.ledger.decision.DecisionRegister;
import org.publicfunds.ledger.money.Money;

record DecisionResponse(
        @Schema(example = "ADD2634") String decisionRef,
        boolean registered,
        @Schema(nullable = true) String title,
        @Schema(nullable = true) String decisionType,
        @Schema(nullable = true, example = "2023-10-02") String signedOn,
        List<AuthorisationRow> authorisations,
        List<EntryRow> entries) {

    record AuthorisationRow(
            @Schema(example = "London") String funder,

            @Schema(nullable = true, description = "absent: the whole funder")
            String contributor,

            @Schema(example = "2023-24") String fiscalYear,
            String authorised,

            @Schema(description = "not-reversed commitments it covers")
            String committed,

            @Schema(
                    description = "authorised - committed; negative when commitments made before the decision was "
                            + "registered exceed it")
            String headroom) {}

    record EntryRow(
            String entryId,
            @Schema(example = "COMMITMENT") String kind,
            String funder,
            String contributor,
            String fiscalYear,
            String amount,
            long position,
            boolean reversed) {}

    static DecisionResponse of(DecisionRegister.Decision decision, Currency currency) {
        return new DecisionResponse(
                decision.decisionRef().value(),
                decision.registered(),
                decision.title(),
                decision.decisionType(),
                decision.signedOn() == null ? null : decision.signedOn().toString(),
                decision.authorisations().stream()
                        .map(use -> new AuthorisationRow(
                                use.authorisation().funder().value(),
                                use.authorisation().contributor() == null
                                        ? null
                                        : use.authorisation().contributor().value(),
                                use.authorisation().fiscalYear().toString(),
                                use.authorisation().amount().toPlainString(),
                                new Money(use.committedMinor(), currency).toPlainString(),
                                new Money(use.headroomMinor(), currency).toPlainString()))
                        .toList(),
                decision.entries().stream()
                        .map(line -> new EntryRow(
                                line.entryId().value(),
                                line.kind().name(),
                                line.funder().value(),
                                line.contributor().value(),
                                line.fiscalYear().toString(),
                                new Money(line.amountMinor(), currency).toPlainString(),
                                line.position(),
                                line.reversed()))
                        .toList());
    }
}
